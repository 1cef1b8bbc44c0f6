"""No e-mail sent anywhere in the test suite may carry anything about a resident (ADR 0022).

Two nets, both for every message of every test, whatever backend the test uses:

1. At send time. Every backend Django has (SMTP, in-memory, console, file) turns a message into
   MIME with `EmailMessage.message()`; the suite wraps that method. Before a message is built, its
   subject, body, alternatives, text attachments and headers are searched for the name, the
   initials and the addresses of every resident, child and stay in the test database at that
   moment. A hit raises `ResidentDataInEmail`, records the violation, and fails the test even
   if the code under test swallowed the exception (the autouse fixture in conftest.py).
2. At the end of the session. Every value of that kind saved anywhere in the suite (a post_save
   signal collects them) is searched for in every message sent anywhere in the suite, so a
   message sent before the resident existed, or in a test without database access, is caught
   too. A hit fails the run (pytest_sessionfinish) and says which message and what.

Matching is case-sensitive on whole words: "Tone Hansen" is found in "til Tone Hansen." but the
resident called "Klar" is not found in "klar til innflytting". If the end-of-session scan trips
on a test resident named like an ordinary word, rename the resident in that test.
"""

import re
from dataclasses import dataclass

from django.core.mail import EmailMessage


class ResidentDataInEmail(AssertionError):
    """An e-mail was about to carry a resident's name, initials or address."""


@dataclass(frozen=True)
class SentMail:
    test: str
    to: tuple[str, ...]
    text: str


SENT: list[SentMail] = []
VIOLATIONS: list[str] = []
SEEN_VALUES: set[str] = set()
CURRENT_TEST = {"nodeid": ""}

_ORIGINAL_MESSAGE = EmailMessage.message


# --- What counts as resident data --------------------------------------------------------------


def initials_of(name: str) -> set[str]:
    """'Tone Hansen' -> {'T.H.', 'TH', 'T. H.'}; a single word or already initials: nothing new."""
    parts = [part for part in re.split(r"[\s\-]+", name.strip()) if part and part[0].isalpha()]
    if len(parts) < 2:
        return set()
    letters = [part[0].upper() for part in parts]
    return {".".join(letters) + ".", "".join(letters), ". ".join(letters) + "."}


def values_of_resident(display_name: str) -> set[str]:
    name = (display_name or "").strip()
    return ({name} | initials_of(name)) if name else set()


def values_in_database() -> set[str]:
    """Every resident's name and initials, every child's first name, every new home's address."""
    from boligplan.children.models import Child
    from boligplan.residents.models import Resident, Stay

    values: set[str] = set()
    for name in Resident.objects.values_list("display_name", flat=True):
        values |= values_of_resident(name)
    values |= {name.strip() for name in Child.objects.values_list("first_name", flat=True) if name}
    values |= {address.strip() for address in Stay.objects.values_list("new_home_address", flat=True) if address}
    return values


def found_in(text: str, values) -> list[str]:
    """The values that occur in `text` as whole words (case-sensitive); values under 2 characters are ignored."""
    hits = []
    for value in sorted(set(values)):
        if len(value) < 2:
            continue
        if re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text):
            hits.append(value)
    return hits


# --- Reading a message -------------------------------------------------------------------------


def text_of(message: EmailMessage) -> str:
    """Everything a reader could see: subject, body, alternatives, text attachments, headers, addresses."""
    parts = [str(message.subject), str(message.body)]
    for alternative in getattr(message, "alternatives", []) or []:
        content = alternative[0] if isinstance(alternative, tuple) else getattr(alternative, "content", "")
        parts.append(content if isinstance(content, str) else content.decode("utf-8", "replace"))
    for attachment in message.attachments:
        content = attachment[1] if isinstance(attachment, tuple) else getattr(attachment, "content", None)
        if isinstance(content, bytes):
            content = content.decode("utf-8", "replace")
        if isinstance(content, str):
            parts.append(content)
    parts.extend(f"{key}: {value}" for key, value in (message.extra_headers or {}).items())
    parts.extend([*message.to, *message.cc, *message.bcc, *message.reply_to, str(message.from_email)])
    return "\n".join(parts)


def _current_values() -> set[str] | None:
    """The database's values now; None when this test may not use the database."""
    try:
        return values_in_database()
    except RuntimeError:  # pytest-django: "Database access not allowed" in a test without db
        return None


def guarded_message(self, *args, **kwargs):
    text = text_of(self)
    SENT.append(SentMail(test=CURRENT_TEST["nodeid"], to=tuple(self.to), text=text))
    values = _current_values()
    hits = found_in(text, values) if values else []
    if hits:
        problem = f"{CURRENT_TEST['nodeid']}: an e-mail carries resident data: {hits}"
        VIOLATIONS.append(problem)
        raise ResidentDataInEmail(problem)
    return _ORIGINAL_MESSAGE(self, *args, **kwargs)


def install() -> None:
    EmailMessage.message = guarded_message


def uninstall() -> None:
    EmailMessage.message = _ORIGINAL_MESSAGE


# --- Values saved anywhere in the suite --------------------------------------------------------


def _remember(sender, instance, **kwargs):
    label = sender._meta.label
    if label == "residents.Resident":
        SEEN_VALUES.update(values_of_resident(instance.display_name))
    elif label == "children.Child" and instance.first_name:
        SEEN_VALUES.add(instance.first_name.strip())
    elif label == "residents.Stay" and instance.new_home_address:
        SEEN_VALUES.add(instance.new_home_address.strip())


def connect_signals() -> None:
    from django.db.models.signals import post_save

    from boligplan.children.models import Child
    from boligplan.residents.models import Resident, Stay

    for model in (Resident, Child, Stay):
        post_save.connect(_remember, sender=model, dispatch_uid=f"mailguard-{model._meta.label}")


def session_findings(sent=None, values=None) -> list[str]:
    """Every message of the session that carries a value saved anywhere in the session."""
    sent = SENT if sent is None else sent
    values = SEEN_VALUES if values is None else values
    findings = []
    for mail in sent:
        hits = found_in(mail.text, values)
        if hits:
            findings.append(f"{mail.test or '(outside a test)'}: e-mail to {list(mail.to)} carries {hits}")
    return findings
