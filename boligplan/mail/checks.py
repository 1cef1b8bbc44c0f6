"""`manage.py check --deploy`: a production server whose e-mail is not set up does not start.

`make serve` runs the deployment check first, so a missing SMTP host, sender or site address
stops it with the variable to set, instead of invitations and digests failing later, one by one.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
HINT = "See docs/operations.md, 'E-mail'."


@register("email", deploy=True)
def email_configured(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    if settings.EMAIL_BACKEND == SMTP_BACKEND:
        if not settings.EMAIL_HOST:
            errors.append(Error("EMAIL_HOST is not set: e-mail cannot be sent.", hint=HINT, id="mail.E001"))
        if settings.EMAIL_HOST_PASSWORD and not (settings.EMAIL_USE_TLS or settings.EMAIL_USE_SSL):
            errors.append(
                Error(
                    "EMAIL_HOST_PASSWORD is set but neither EMAIL_USE_TLS nor EMAIL_USE_SSL: "
                    "the password would cross the network in clear.",
                    hint=HINT,
                    id="mail.E002",
                )
            )
    if not settings.DEFAULT_FROM_EMAIL or "@" not in settings.DEFAULT_FROM_EMAIL:
        errors.append(Error("DEFAULT_FROM_EMAIL is not set: e-mail needs a sender address.", hint=HINT, id="mail.E003"))
    site = urlsplit(settings.SITE_URL)
    if site.scheme != "https" or not site.hostname:
        errors.append(
            Error(
                "SITE_URL must be the service's https:// address: e-mails link to it.",
                hint=HINT,
                id="mail.E004",
            )
        )
    return errors
