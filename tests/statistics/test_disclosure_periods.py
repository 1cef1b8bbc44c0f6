"""The disclosure rule's periods: the statistics-only role and the national report get whole calendar
years that have ended, so differencing two periods (overlapping, nested, cumulative, one day) is
refused outright; the leader keeps any period for her own figures."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from tests.statistics.history import History, day

# --- Periods: only whole calendar years that have ended -------------------------------------------------

DOWNLOADS = [
    ("reports:dashboard", {}),
    ("reports:figure-csv", {"figure": "botid"}),
    ("reports:figure-csv", {"figure": "flyttet-til"}),
    ("reports:national-report-csv", {}),
    ("reports:national-report-pdf", {}),
]


ROLE_MESSAGE = "Med rollen «Kun statistikk» vises tall bare for hele, avsluttede kalenderår."
NATIONAL_MESSAGE = "Den samlede rapporten lages bare for hele, avsluttede kalenderår."


def _bad_periods(today: datetime.date) -> list[dict]:
    return [
        {"fra": "2025-03-14", "til": "2025-03-14"},  # one day: the single stay that ended then
        {"fra": "2017-01-01", "til": "2025-12-31"},  # cumulative: minus 2017–2024 gives 2025's cells
        {"fra": "2025-01-01", "til": "2025-06-30"},  # a half year: with the year, gives the other half
        {"fra": "2024-07-01", "til": "2025-06-30"},  # a year, but not a calendar year
        {"fra": "2024-01-01", "til": "2025-12-31"},  # two years
        {"fra": f"{today.year}-01-01", "til": f"{today.year}-12-31"},  # the year we are in: still growing
    ]


@pytest.mark.parametrize(("name", "kwargs"), DOWNLOADS)
def test_statistics_role_gets_only_whole_ended_years(client_for, stian, shelter, kari, today, name, kwargs):
    history = History(shelter, kari)
    history.stay(day(3, 3), departure=day(3, 14), destination="annet_krisesenter", permanence="midlertidig")
    client = client_for(stian)
    for params in _bad_periods(today):
        response = client.get(reverse(name, kwargs=kwargs), params)

        assert response.status_code == 400, params
        html = response.content.decode()
        message = NATIONAL_MESSAGE if "national" in name else ROLE_MESSAGE
        assert re.search(rf'id="id_fra[-_]error"[^>]*>{re.escape(message)}', html), params
        assert f'value="{params["fra"]}"' in html  # what was typed is kept
        assert 'id="fig-' not in html

    ok = client.get(reverse(name, kwargs=kwargs), {"fra": "2025-01-01", "til": "2025-12-31"})
    assert ok.status_code == 200


def test_statistics_role_starts_on_the_last_ended_year(client_for, stian, today):
    html = client_for(stian).get(reverse("reports:dashboard")).content.decode()
    assert f'value="{today.year - 1}-01-01"' in html
    assert f'value="{today.year - 1}-12-31"' in html
    assert f">{today.year}</a>" not in html  # the running year is not offered


def test_leader_keeps_any_period_for_her_own_figures(client_for, lene, shelter, kari):
    history = History(shelter, kari)
    history.stay(day(3, 3), departure=day(3, 14))
    client = client_for(lene)
    one_day = {"fra": "2025-03-14", "til": "2025-03-14"}

    response = client.get(reverse("reports:dashboard"), one_day)
    assert response.status_code == 200
    assert "Det er bare ett opphold i denne perioden." in response.content.decode()
    assert client.get(reverse("reports:figure-csv", kwargs={"figure": "botid"}), one_day).status_code == 200
    # ...but the report that leaves the shelter is for whole ended years, for her too.
    for name in ["reports:national-report-csv", "reports:national-report-pdf"]:
        response = client.get(reverse(name), one_day)
        assert response.status_code == 400
        assert NATIONAL_MESSAGE in response.content.decode()
    html = client.get(reverse("reports:dashboard"), one_day).content.decode()
    assert reverse("reports:national-report-pdf") not in html  # not offered for that period
