"""Every URL needs a login, except an explicit short list (architecture.md, layer 1).

The test walks the URL configuration itself, so a new view that forgets the login requirement
(for example a stray @login_not_required) fails here without anyone adding a test for it.
"""

import json
import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

# The only views an anonymous visitor may reach. Static files are served by WhiteNoise before
# URL routing and are not URL patterns at all.
# The municipal sign-in's two steps (ADR 0023) lead to the provider and back; they answer 404
# where no provider is configured.
ANONYMOUS_ALLOWED = {"login", "health", "municipal-login", "municipal-callback", "staff:invitation-accept"}

_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _fill(converter: str, name: str) -> str:
    if converter == "uuid":
        return str(uuid.uuid4())
    if converter == "slug" and name == "track":
        return "privat_leie"
    if converter in {"slug", "str"}:
        return "x"
    if converter == "int":
        return "1"
    raise AssertionError(f"teach test_urls_require_login how to fill <{converter}:{name}>")


def _route(pattern) -> str:
    if not isinstance(pattern, RoutePattern):
        raise AssertionError(f"regex URL pattern {pattern!r}: teach test_urls_require_login about it")
    return _PARAMETER.sub(lambda m: _fill(m.group("converter") or "str", m.group("name")), str(pattern))


def walk(patterns, prefix: str = "", namespace: str = ""):
    """Yield (qualified name, concrete path) for every URL pattern, through includes."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + _route(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or '<unnamed>'}", "/" + prefix + _route(entry.pattern)
        else:  # pragma: no cover - Django has only these two kinds
            raise AssertionError(f"unknown URL entry {entry!r}")


ALL_URLS = sorted(walk(get_resolver().url_patterns))
PROTECTED_URLS = [(name, path) for name, path in ALL_URLS if name not in ANONYMOUS_ALLOWED]


def test_the_walk_finds_every_view():
    names = {name for name, _ in ALL_URLS}
    # A sample from each app: if the walk stopped descending into includes, this would fail.
    assert {
        "login",
        "logout",
        "health",
        "reports:overview",
        "residents:stay-detail",
        "residents:stay-open",
        "housing:track-remove",
        "housing:notification-edit",
    } <= names
    assert len(ALL_URLS) >= 18
    assert ANONYMOUS_ALLOWED <= names, "the allow-list names a URL that no longer exists"


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "path"), PROTECTED_URLS, ids=[name for name, _ in PROTECTED_URLS])
def test_anonymous_is_sent_to_login(client, method, name, path):
    response = getattr(client, method)(path)

    assert response.status_code == 302, f"{method.upper()} {name} answered an anonymous user"
    location = urlsplit(response["Location"])
    assert location.path == reverse("login")
    assert parse_qs(location.query) == {"next": [path]}


@pytest.mark.django_db
def test_login_page_answers_anonymous(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


@pytest.mark.django_db
def test_health_answers_anonymous_with_json(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok"}
