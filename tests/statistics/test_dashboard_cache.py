# ruff: noqa: F811 - ctx and shelter_cache are fixtures imported from the cache's own tests
"""The dashboard's figures are cached rendered, per shelter, period, role, day and data version
(ADR 0029). tests/core/test_shelter_cache.py shows a write on the next dashboard; here: the
statistics-only role, which sees rounded figures and no per-stay export, never gets the figures
rendered for the leader, nor the other way round."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.audit.writes import case, ctx, departed  # noqa: F401 - fixtures
from tests.conftest import verified_login
from tests.core.test_shelter_cache import ALL_WRITES, shelter_cache  # noqa: F401 - the write table and the cache
from tests.helpers import without_csrf


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return without_csrf(response.content.decode())


@pytest.mark.parametrize("name", sorted(ALL_WRITES))
def test_the_next_dashboard_shows_every_write(ctx, lene, shelter_cache, name):
    """This year's figures and last year's, asked for before the write, are after it exactly as
    built from scratch."""
    client = verified_login(Client(), lene)
    paths = [
        f"{reverse('reports:dashboard')}?fra={year}-01-01&til={year}-12-31"
        for year in (ctx.today.year, ctx.today.year - 1)
    ]
    for path in paths:
        _page(client, path)  # now in the cache
    assert len(_figure_keys(shelter_cache)) == 2

    ALL_WRITES[name](ctx)

    served = {path: _page(client, path) for path in paths}
    shelter_cache.clear()
    assert served == {path: _page(client, path) for path in paths}


def _figure_keys(cache) -> list[str]:
    return [key for key in cache._cache if ":dashboard-page:" in key]


@pytest.mark.parametrize("first_viewer", ["leader", "statistics"])
def test_the_statistics_role_never_gets_the_leaders_figures(ctx, lene, stian, shelter_cache, first_viewer):
    year = ctx.today.year - 1
    path = f"{reverse('reports:dashboard')}?fra={year}-01-01&til={year}-12-31"
    leader, statistics = verified_login(Client(), lene), verified_login(Client(), stian)
    order = (leader, statistics) if first_viewer == "leader" else (statistics, leader)
    pages = {id(client): client.get(path).content.decode() for client in order}

    rows_export = reverse("reports:national-rows")
    assert rows_export in pages[id(leader)]  # one row per stay: the leader only
    assert rows_export not in pages[id(statistics)]
    assert len(_figure_keys(shelter_cache)) == 2
