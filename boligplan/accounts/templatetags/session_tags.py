from django import template
from django.conf import settings

register = template.Library()

# The dialog opens this long before the idle timeout.
WARN_SECONDS = 120


@register.simple_tag
def session_idle_seconds() -> int:
    """The idle timeout the server enforces (the session's lifetime, renewed by every request)."""
    return int(settings.SESSION_COOKIE_AGE)


@register.simple_tag
def session_warn_seconds() -> int:
    return WARN_SECONDS
