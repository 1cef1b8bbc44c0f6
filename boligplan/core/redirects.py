"""Where to send someone after a step: the one check every `next` in the app goes through.

A `next` that leaves the site turns a login page into a phishing tool (password and one-time code
typed into our page, then the user lands on the attacker's copy). A `next` that is not a path at
all ("foo", "javascript:…") used to reach `redirect()`, which treats it as a URL name and fails
with a 500, after the one-time code had already been spent.

So a `next` is followed only when it is a path on this site: it starts with one "/", holds no
whitespace or control characters (browsers drop tabs and newlines, so "/\t/evil" is "//evil"),
and passes Django's `url_has_allowed_host_and_scheme` for this request's host, with HTTPS
required when the request came over HTTPS. Anything else gives the fallback (the overview).
"""

from urllib.parse import urlencode

from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

NEXT_FIELD = "next"
DEFAULT_FALLBACK = "reports:overview"
# A path we generate ourselves is short; a long one is not worth following.
MAX_NEXT_LENGTH = 2000


def is_safe_next(request, url: str | None) -> bool:
    """True when `url` is a path on this site that may be redirected to."""
    if not url or len(url) > MAX_NEXT_LENGTH:
        return False
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        return False
    if any(char.isspace() or not char.isprintable() for char in url):
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())


def requested_next(request) -> str | None:
    """The `next` the request carries (a form field first, then the query string), unchecked."""
    value = request.POST.get(NEXT_FIELD) if request.method == "POST" else None
    return value or request.GET.get(NEXT_FIELD)


def vetted_next(request, url: str | None = None) -> str:
    """The request's `next` (or `url`) when it is safe, else "" (nothing to carry on)."""
    candidate = requested_next(request) if url is None else url
    return candidate if candidate and is_safe_next(request, candidate) else ""


def safe_next(request, fallback: str = DEFAULT_FALLBACK, *, url: str | None = None) -> str:
    """Where to go: the request's `next` (or `url`) when safe, otherwise `fallback` (a URL or URL name)."""
    return vetted_next(request, url) or resolve_url(fallback)


def url_with_next(url_name: str, target: str) -> str:
    """The URL of `url_name` carrying `target` on as `next` (nothing when `target` is empty)."""
    url = reverse(url_name)
    return f"{url}?{urlencode({NEXT_FIELD: target})}" if target else url
