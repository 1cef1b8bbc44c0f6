"""A form sent after the session ended is kept for a few minutes and given back after login.

Sessions end after 30 quiet minutes. Someone who typed a long journal note and then pressed Save
would otherwise be sent to the login page and lose the text. Instead:

1. The session middleware (accounts/middleware.py) sees a POST from a browser whose session has
   just expired, and reads the account id from that expired session's own row before removing it.
2. `keep()` stores the typed fields (never the CSRF token, passwords, one-time codes or files) in
   a server-side row, encrypted, for `PENDING_FORM_SECONDS`, under a random id put into the new,
   anonymous session of the same browser. Nothing goes to browser storage.
3. After login and the second factor the user is sent to the form's page. A form page calls
   `restore()`: when the session's row is for this form and for this very account, the text is
   put back into the form as its starting values, with a message; it is never sent on its own.
   Someone else logging in on the same browser gets nothing, and the row is deleted.

The row lives in the accounts app (it belongs to an account); this module reaches it through the
app registry, so the lower layer does not import the higher one.
"""

import datetime
import json
from collections.abc import Callable
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

SESSION_KEY = "boligplan_pending_form"
DEFAULT_SECONDS = 15 * 60
# Field names that are never kept: secrets and one-time values have no business outliving a request.
NEVER_KEPT = frozenset({"csrfmiddlewaretoken", "next"})
SECRET_PARTS = ("password", "passord", "token", "code", "kode", "otp", "secret", "hemmelig")
# A form is a few kilobytes of text; anything far bigger is not worth keeping (and not ours).
MAX_CHARS = 100_000


def lifetime_seconds() -> int:
    return int(getattr(settings, "PENDING_FORM_SECONDS", DEFAULT_SECONDS))


def _model():
    return apps.get_model("accounts", "PendingForm")


def keepable(post: QueryDict) -> dict[str, list[str]]:
    """The posted fields worth keeping: typed values, without tokens, passwords or codes."""
    kept = {}
    for name, values in post.lists():
        lowered = name.lower()
        if name in NEVER_KEPT or any(part in lowered for part in SECRET_PARTS):
            continue
        if any(value for value in values):
            kept[name] = values
    return kept


def returns_to(page: Callable[..., str]):
    """Mark a POST-only form view: after login the user goes to `page(**url kwargs)` instead.

    For a form that lives on another page (the journal note on the resident's page), whose own
    address answers only POST.
    """

    def mark(view):
        view.pending_return_to = page
        return view

    return mark


def page_after_login(request, view_func, view_kwargs) -> str:
    """Where a POST should land after login: the page that shows its form.

    The page a view names; else the page the form was sent from, when the browser says so and it
    is on this site (a button on the resident's page posts to an address that answers only POST);
    else the address it was sent to (a form page answers GET at its own address). The caller
    still checks the result with core/redirects.
    """
    page = getattr(view_func, "pending_return_to", None)
    if page is not None:
        return page(**view_kwargs)
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc == request.get_host() and referer.path.startswith("/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return request.path


def keep(request, *, user_id: int, path: str) -> bool:
    """Keep the request's typed fields for `user_id`, bound to this browser's new session."""
    fields = keepable(request.POST)
    if not fields:
        return False
    payload = json.dumps(fields, ensure_ascii=False)
    if len(payload) > MAX_CHARS:
        return False
    model = _model()
    now = timezone.now()
    sweep()
    _drop(request)
    record = model.objects.create(
        user_id=user_id, path=path, data=payload, expires_at=now + datetime.timedelta(seconds=lifetime_seconds())
    )
    request.session[SESSION_KEY] = record.pk
    return True


def _drop(request) -> None:
    pending_id = request.session.pop(SESSION_KEY, None)
    if pending_id:
        _model().objects.filter(pk=pending_id).delete()


def is_waiting(request) -> bool:
    return bool(request.session.get(SESSION_KEY))


def sweep() -> int:
    """Delete every kept form past its time (run at each login and each keep: logins are daily)."""
    deleted, _ = _model().objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def forget_unless_owner(request, user) -> None:
    """At login: text kept for another account is deleted, never shown to this one."""
    sweep()
    pending_id = request.session.get(SESSION_KEY)
    if not pending_id:
        return
    if not _model().objects.filter(pk=pending_id, user_id=user.pk, expires_at__gt=timezone.now()).exists():
        _drop(request)


def take(request, path: str) -> QueryDict | None:
    """The kept fields for the form at `path`, once, for the account that typed them; else None."""
    pending_id = request.session.get(SESSION_KEY)
    if not pending_id or not request.user.is_authenticated:
        return None
    record = _model().objects.filter(pk=pending_id).first()
    if record is None or record.expires_at <= timezone.now() or record.user_id != request.user.pk:
        _drop(request)
        return None
    if record.path != path:
        return None  # another form's text: it waits for its own page
    _drop(request)
    data = QueryDict(mutable=True)
    for name, values in json.loads(record.data).items():
        data.setlist(name, values)
    return data


def restore(request, form, path: str) -> bool:
    """Put text kept for the form at `path` back into `form` (an unbound form) as its starting values.

    The form is not submitted: the user reads it and saves. Returns True when something came back;
    the form then carries `restored = True` (a template may open a folded section for it).
    """
    if form.is_bound:
        return False
    data = take(request, path)
    if data is None:
        return False
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if field.disabled or field.widget.value_omitted_from_data(data, {}, key):
            continue
        form.initial[name] = field.widget.value_from_datadict(data, {}, key)
    form.restored = True
    messages.info(request, _("Teksten du skrev er hentet tilbake – se over og lagre."))
    return True
