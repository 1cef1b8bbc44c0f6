"""The one way the application sends e-mail (ADR 0022).

Plain text from a template, to one staff member at a time, from DEFAULT_FROM_EMAIL, through the
configured backend (SMTP in production). Templates get counts, dates and links: never a resident,
a child, an address or free text from a case. The test suite checks every message sent anywhere
in it against the residents it created (tests/mailguard.py).

Nothing here logs an address or a subject: a failure is logged by type only, by the caller.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

# Mail servers and clients should not answer these with out-of-office replies (RFC 3834).
AUTOMATIC = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


def absolute_url(path: str) -> str:
    """`path` on the service's public address (SITE_URL), for a link in an e-mail."""
    return urljoin(settings.SITE_URL + "/", path.lstrip("/"))


def language_of(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def send_to_staff(*, user, subject: str, template: str, context: dict, connection=None) -> None:
    """Render `template` (plain text) in the user's language and send it to the user's address.

    `subject` is translated in that language too, so pass it lazily (gettext_lazy).
    Raises whatever the backend raises (smtplib's errors): the caller decides what a failure means.
    """
    with translation.override(language_of(user)):
        body = render_to_string(template, context)
        message = EmailMessage(
            subject=str(subject),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers=AUTOMATIC,
            connection=connection,
        )
    message.send(fail_silently=False)
