# ruff: noqa: F811 - ctx and shelter_cache are fixtures imported from the cache's own tests
"""The resident's page is cached per stay under the shelter's data version (ADR 0029).

A stale resident's page is a safety problem: after a write through any write service, the next
page must be exactly the page built from scratch. A role without a capability must never be
served a page built for a role with it, and a page built for one session must never carry its
CSRF token into another session's forms.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from boligplan.core.dataversion import CSRF_PLACEHOLDER
from tests.audit.writes import case, ctx, departed  # noqa: F401 - fixtures
from tests.conftest import verified_login
from tests.core.test_shelter_cache import ALL_WRITES, shelter_cache  # noqa: F401 - the write table and the cache
from tests.helpers import without_csrf

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def _path(stay) -> str:
    return reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return without_csrf(response.content.decode())


def _stay_pages(cache) -> list[str]:
    return [key for key in cache._cache if ":stay-page:" in key]


@pytest.mark.parametrize("name", sorted(ALL_WRITES))
def test_the_next_resident_page_shows_every_write(ctx, client_for, shelter_cache, name):
    client = client_for(ctx.kari)
    paths = (_path(ctx.stay), _path(ctx.departed))
    for path in paths:
        _page(client, path)  # now in the cache
    assert len(_stay_pages(shelter_cache)) == 2

    ALL_WRITES[name](ctx)

    served = {path: _page(client, path) for path in paths}
    shelter_cache.clear()
    fresh = {path: _page(client, path) for path in paths}
    assert served == fresh


def test_a_cached_resident_page_is_served_while_nothing_changes(ctx, client_for, shelter_cache):
    """The cache is really used (the guard above would pass trivially if nothing were cached)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(ctx.kari)
    with CaptureQueriesContext(connection) as first:
        page = _page(client, _path(ctx.stay))
    with CaptureQueriesContext(connection) as second:
        assert _page(client, _path(ctx.stay)) == page
    assert len(second) < len(first) - 10


@pytest.mark.parametrize("first_viewer", ["leader", "staff"])
def test_a_role_without_a_capability_never_gets_the_page_of_a_role_with_it(ctx, lene, shelter_cache, first_viewer):
    """The leader's page links to the access report (MANAGE_SHELTER); a contact person's never."""
    leader, staff = verified_login(Client(), lene), verified_login(Client(), ctx.kari)
    report = reverse("audit:access-report", args=[ctx.stay.resident_id])
    order = (leader, staff) if first_viewer == "leader" else (staff, leader)
    pages = {id(client): _page(client, _path(ctx.stay)) for client in order}
    assert report in pages[id(leader)]
    assert report not in pages[id(staff)]


def test_a_cached_page_carries_the_readers_own_csrf_token(ctx, shelter_cache):
    """Built for Kari's session, served to Ola's: every form holds Ola's token, and it works."""
    kari = verified_login(Client(enforce_csrf_checks=True), ctx.kari)
    ola = verified_login(Client(enforce_csrf_checks=True), ctx.ola)
    kari.get(_path(ctx.stay))
    assert len(_stay_pages(shelter_cache)) == 1

    page = ola.get(_path(ctx.stay)).content.decode()

    assert len(_stay_pages(shelter_cache)) == 1  # the same cached body, not one built for Ola
    assert CSRF_PLACEHOLDER not in page
    tokens = TOKEN.findall(page)
    assert len(tokens) > 2  # the note form and the task buttons in the body, besides the menu
    note = reverse("residents:note-add", kwargs={"stay_id": ctx.stay.pk})
    for token in set(tokens):
        response = ola.post(note, {"text": "Ringte Nav.", "csrfmiddlewaretoken": token})
        assert response.status_code == 302


def test_the_page_of_yesterday_is_not_served_today(ctx, client_for, shelter_cache, monkeypatch):
    """Deadlines, "Nå" and the days at the shelter count from today: the day is in the key."""
    from boligplan.casepage import views

    client = client_for(ctx.kari)
    today = _page(client, _path(ctx.stay))
    monkeypatch.setattr(views, "today", lambda: ctx.today + datetime.timedelta(days=3))
    served = _page(client, _path(ctx.stay))
    shelter_cache.clear()
    assert served == _page(client, _path(ctx.stay)) != today
