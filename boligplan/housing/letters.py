"""The letter that goes with a notification to Nav or the housing office.

The letter tells the agency, with the resident's consent, that a home is needed, for how many,
and where. It NEVER carries an address of the resident (domain.md §6): not the new home's, not
the shelter's (a shelter's street address is confidential too). A strictly confidential resident
is reached through the forwarding address the authorities prescribe; a confidential one through
the population register; anyone else through the contact person. Children are counted by age,
never named. The wording lives in housing/notification_letter_pdf.html (bokmål) and
housing/notification_letter_pdf_nn.html (nynorsk): a letter is written in the official written
standard of the municipality it goes to (agencies/data/written_standard.csv, default bokmål).
The letter's language follows the recipient, never the user's interface language: it is built and
rendered under translation.override(LANGUAGE[standard]) (ADR 0024).

Every letter is marked exempt from public access: the shelter's duty of confidentiality
(krisesenterlova § 5) makes the content exempt under offentleglova § 13.
"""

import csv
import datetime
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from boligplan.core.pdf import render_pdf
from boligplan.residents.choices import FORWARDING_ADDRESS, AddressProtection

from .choices import Agency

STYLESHEET = Path(__file__).with_name("letter.css")
WRITTEN_STANDARD_FILE = Path(__file__).resolve().parent.parent / "agencies" / "data" / "written_standard.csv"

BOKMAL, NYNORSK = "bokmal", "nynorsk"
TEMPLATES = {BOKMAL: "housing/notification_letter_pdf.html", NYNORSK: "housing/notification_letter_pdf_nn.html"}
LANGUAGE = {BOKMAL: "nb", NYNORSK: "nn"}  # the gettext language a letter is built and rendered in

# The exemption line each letter carries at the top (checked 2026-12-02), per written standard.
EXEMPTION = {
    BOKMAL: "Unntatt offentlighet, jf. offentleglova § 13 og krisesenterlova § 5",
    NYNORSK: "Unnateke offentlegheit, jf. offentleglova § 13 og krisesenterlova § 5",
}

# The agency's own spelling of its name: "Nav" since it began to write its name as a word
# (Språkrådet advises "Nav", a name and not an abbreviation). Kept here so a change is one line.
NAV_NAME = "Nav"


@cache
def written_standards() -> dict[str, str]:
    """{municipality name in lower case: "bokmal" | "nynorsk"} from the shipped file."""
    with WRITTEN_STANDARD_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    table = {}
    for row in rows:
        standard = row["written_standard"].strip()
        if standard not in (BOKMAL, NYNORSK) or not re.fullmatch(r"\d{4}", row["number"].strip()):
            raise ValueError(f"written_standard.csv: bad row {row}")
        table[row["name"].strip().lower()] = standard
    return table


def written_standard_for(municipality: str) -> str:
    """The municipality's written standard; bokmål when it is unknown or neutral."""
    return written_standards().get((municipality or "").strip().lower(), BOKMAL)


class LetterRefused(Exception):
    """No letter without the resident's recorded consent."""


class AddressNote:
    """Which sentence the letter gives instead of an address."""

    FORWARDING = "forwarding"  # strictly confidential: post goes via the forwarding address
    CONFIDENTIAL = "confidential"  # confidential: public bodies look it up in the register
    VIA_CONTACT = "via_contact"  # ungraded: reached through the contact person


@dataclass(frozen=True)
class Letter:
    agency: str  # Agency value: "nav" or "boligkontor"
    recipient: str
    date: datetime.date
    shelter_name: str
    contact_name: str
    resident_name: str
    resident_birth_year: int
    adults: int
    child_ages: tuple[int, ...]
    municipality: str
    request: str
    consent_on: datetime.date
    address_note: str
    forwarding_address: str = ""
    written_standard: str = BOKMAL

    @property
    def exemption(self) -> str:
        return EXEMPTION[self.written_standard]

    @property
    def child_ages_text(self) -> str:
        """ "7 og 12" — the ages in a sentence, youngest first."""
        ages = [str(age) for age in sorted(self.child_ages)]
        if len(ages) < 2:
            return "".join(ages)
        return _("%(first)s og %(last)s") % {"first": ", ".join(ages[:-1]), "last": ages[-1]}


def address_note(grading: str) -> str:
    if AddressProtection.forbids_storing(grading):
        return AddressNote.FORWARDING
    if grading == AddressProtection.CONFIDENTIAL:
        return AddressNote.CONFIDENTIAL
    return AddressNote.VIA_CONTACT


def without_address(text: str, secret: str) -> str:
    """`text` with every occurrence of `secret` taken out: a typed-in address must not ride along."""
    if not secret.strip():
        return text
    return re.sub(re.escape(secret.strip()), _("(adresse utelatt)"), text, flags=re.IGNORECASE)


def recipient_for(notification, standard: str = BOKMAL) -> str:
    if notification.letter_to:
        return notification.letter_to
    if notification.municipality:
        if notification.agency == Agency.NAV:
            return f"{NAV_NAME} {notification.municipality}"
        if standard == NYNORSK:
            return f"Bustadkontoret i {notification.municipality} kommune"
        return _("Boligkontoret i %(municipality)s kommune") % {"municipality": notification.municipality}
    return str(notification.get_agency_display())


def build_letter(notification, *, children_birth_years, assessment) -> Letter:
    """The letter's content. Reads nothing from the database beyond what it is given."""
    stay, resident = notification.stay, notification.stay.resident
    contact = stay.contact_person
    ages = tuple(sorted(max(0, notification.sent_on.year - year) for year in children_birth_years))
    household_size = assessment.household_size if assessment is not None else None
    adults = max(1, household_size - len(ages)) if household_size else 1
    # The address is taken out of the free text even where the form asked not to write it.
    secret = stay.new_home_address or ""
    standard = written_standard_for(notification.municipality)
    with translation.override(LANGUAGE[standard]):
        return _letter(notification, stay, resident, contact, ages, adults, secret, standard)


def _letter(notification, stay, resident, contact, ages, adults, secret, standard) -> "Letter":
    return Letter(
        agency=notification.agency,
        recipient=without_address(recipient_for(notification, standard), secret),
        date=notification.sent_on,
        shelter_name=stay.shelter.name,
        contact_name=contact.display_name,
        resident_name=resident.display_name,
        resident_birth_year=resident.birth_year,
        adults=adults,
        child_ages=ages,
        municipality=without_address(notification.municipality, secret),
        request=without_address(notification.request, secret),
        consent_on=notification.consent_on,
        address_note=address_note(resident.address_protection),
        forwarding_address=FORWARDING_ADDRESS if AddressProtection.forbids_storing(resident.address_protection) else "",
        written_standard=standard,
    )


def letter_filename(notification) -> str:
    """Neutral: the agency and the date, never a name (downloads folders are not private)."""
    return f"brev-{notification.agency}-{notification.sent_on.isoformat()}.pdf"


def letter_html(letter: Letter) -> str:
    with translation.override(LANGUAGE[letter.written_standard]):
        return render_to_string(TEMPLATES[letter.written_standard], {"letter": letter, "AddressNote": AddressNote})


def letter_pdf(letter: Letter) -> bytes:
    return render_pdf(letter_html(letter), stylesheet=STYLESHEET.read_text(encoding="utf-8"))
