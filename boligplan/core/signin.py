"""Which ways of signing in this instance offers (the sign-in itself lives in accounts/)."""

from django.conf import settings


def municipal_login_configured() -> bool:
    """A municipal identity provider is set up (OIDC_* settings, ADR 0023)."""
    return bool(settings.OIDC_DISCOVERY_URL and settings.OIDC_CLIENT_ID and settings.OIDC_CLIENT_SECRET)
