"""The leader's statistics page: who may see it, what it shows, bad periods, and its query count."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.statistics.figures.dashboard import FIGURES
from tests.statistics.history import History, day, plus

DASHBOARD = reverse("reports:dashboard")
YEAR_2025 = {"fra": "2025-01-01", "til": "2025-12-31"}


@pytest.fixture
def history(shelter, kari):
    return History(shelter, kari)


def fill_year(history, count: int, *, prefix: str = "Person"):
    """count stays in 2025 with every kind of data the dashboard counts."""
    destinations = ["ny_kommunal", "tilbake_voldsutover", "ny_privat_leie", "familie_venner", "midlertidig_nav"]
    causes = ["kommunen", "nav", "ingen_egnet", ""]
    stays = []
    for number in range(count):
        arrival = plus(day(1, 2), (number * 7) % 300)
        length = 3 + (number * 13) % 150
        departure = plus(arrival, length) if number % 4 else None
        ready = plus(arrival, length // 2) if departure and number % 3 else None
        track = "kommunal_bolig" if number % 2 else "privat_leie"
        # Two in three leave for the home their track aimed at, so the time-to-home curves fall.
        home = {"kommunal_bolig": "ny_kommunal", "privat_leie": "ny_privat_leie"}[track]
        stay = history.stay(
            arrival,
            name=f"{prefix} {number:03d}",
            departure=departure,
            destination=home if number % 3 else destinations[number % len(destinations)],
            permanence="midlertidig" if number % 5 == 4 else None,
            ready=ready,
            cause=causes[number % len(causes)] if ready else "",
        )
        history.assess(stay, on=plus(arrival, number % 6), municipality=["Fjordby", "Åsby"][number % 2])
        history.tell(stay, "nav", plus(arrival, number % 6 + 1))
        if number % 2:
            history.tell(stay, "boligkontor", plus(arrival, number % 6 + 4))
        history.track(stay, track, plus(arrival, 1))
        stays.append(stay)
    return stays


def get(client, params=None):
    return client.get(DASHBOARD, params or YEAR_2025)


# --- Who may see it ------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["lene", "stian"])
def test_leader_and_statistics_role_see_the_page(request, client_for, history, username):
    fill_year(history, 6)
    user = request.getfixturevalue(username)

    response = get(client_for(user))

    assert response.status_code == 200
    html = response.content.decode()
    for builder in FIGURES:
        assert f'id="fig-{builder}"' in html
    # Aggregates only: no resident's name anywhere.
    assert "Person 0" not in html
    assert not re.search(r'href="/opphold/[0-9a-f-]{36}/', html)


@pytest.mark.parametrize("username", ["kari", "berit"])
def test_roles_without_statistics_get_403(request, client_for, username):
    user = request.getfixturevalue(username)
    assert client_for(user).get(DASHBOARD).status_code == 403


def test_nav_link_only_for_roles_with_statistics(client_for, lene, stian, kari):
    assert 'href="/statistikk/"' in client_for(lene).get(DASHBOARD).content.decode()
    assert 'href="/statistikk/"' in client_for(stian).get(DASHBOARD).content.decode()
    kari_page = client_for(kari).get(reverse("reports:overview")).content.decode()
    assert 'href="/statistikk/"' not in kari_page


def test_another_shelters_stays_are_not_counted(client_for, history, frida, other_shelter):
    from boligplan.core.models import Membership

    fill_year(history, 3)
    Membership.objects.filter(user=frida).update(role="leder")

    html = get(client_for(frida)).content.decode()

    assert "Det er ingen opphold i denne perioden" in html or "ingen registrerte opphold" in html


def test_viewing_writes_one_audit_row(client_for, lene, shelter):
    before = AuditEvent.objects.count()
    get(client_for(lene))
    assert AuditEvent.objects.count() == before + 1
    row = AuditEvent.objects.order_by("-pk").first()
    assert (row.action, row.actor, row.shelter_id) == ("statistics.viewed", lene, shelter.pk)


# --- What it shows ---------------------------------------------------------------------------------


def test_default_period_is_the_current_year(client_for, lene, today):
    html = client_for(lene).get(DASHBOARD).content.decode()
    assert f'value="{today.year}-01-01"' in html
    assert f'value="{today.year}-12-31"' in html


def test_length_of_stay_numbers_in_the_table(client_for, lene, history):
    for arrival, length in [(day(1, 10), 2), (day(3, 1), 5), (day(4, 1), 10), (day(5, 1), 30)]:
        history.stay(arrival, departure=plus(arrival, length))

    html = get(client_for(lene)).content.decode()
    section = html.split('id="fig-botid"', 1)[1].split("</section>", 1)[0]

    assert re.search(r"Gjennomsnitt, dager</th><td[^>]*>11,8</td>", section)  # 47 / 4 = 11.75
    assert re.search(r"Median, dager</th><td[^>]*>7,5</td>", section)  # (5 + 10) / 2


def test_charts_are_accessible_images_with_their_numbers_beside(client_for, lene, history):
    fill_year(history, 8)

    html = get(client_for(lene)).content.decode()

    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) >= 7
    for svg in svgs:
        assert 'role="img"' in svg
        assert re.search(r'aria-label="[^"]+"', svg)
        assert "<title" in svg and "<desc" in svg
        assert "style=" not in svg  # presentation attributes only: a strict CSP holds
    # Readable without colour: the two-series charts use a pattern, not a second colour.
    assert "url(#chart-flyttet-til-hatch)" in html
    assert "<caption" in html


def test_text_typed_by_staff_is_escaped_in_charts(client_for, lene, history, settings):
    settings.KM_MIN_N = 1
    stay = history.stay(day(3, 1), departure=day(3, 20), destination="ny_kommunal")
    history.assess(stay, on=day(3, 2), municipality="<script>alert(1)</script>")
    history.track(stay, "kommunal_bolig", day(3, 2))

    html = get(client_for(lene)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Bad input and thin data ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"fra": "2025-12-31", "til": "2025-01-01"}, "til", "Til-datoen må være samme dag som eller etter fra-datoen."),
        ({"fra": "ikke en dato", "til": "2025-12-31"}, "fra", "Oppgi en gyldig dato."),
        ({"fra": "2025-01-01", "til": "2025-02-30"}, "til", "Oppgi en gyldig dato."),
        ({"fra": "", "til": "2025-12-31"}, "fra", "Feltet er påkrevet."),
        ({"fra": "1999-12-31", "til": "2025-12-31"}, "fra", "Velg en dato fra og med 1. januar 2000."),
        ({"til": "2025-12-31"}, "fra", "Feltet er påkrevet."),
    ],
)
def test_bad_period_gives_a_message_next_to_the_field(client_for, lene, params, field, message):
    response = get(client_for(lene), params)

    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(rf'id="id_{field}[-_]error"[^>]*>{re.escape(message)}<', html)
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert 'aria-invalid="true"' in html
    # The user's input is kept.
    for value in params.values():
        if value:
            assert f'value="{value}"' in html
    assert 'id="fig-' not in html


def test_period_starting_in_the_future_is_refused(client_for, lene, today):
    future = today + datetime.timedelta(days=3)
    response = get(
        client_for(lene), {"fra": future.isoformat(), "til": (future + datetime.timedelta(days=9)).isoformat()}
    )
    assert response.status_code == 400
    assert "Perioden kan ikke starte fram i tid." in response.content.decode()


def test_shelter_with_no_stays(client_for, lene):
    response = get(client_for(lene))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Senteret har ingen registrerte opphold ennå" in html
    assert "<svg" not in html  # nothing to draw, nothing divided by zero
    assert "Ingen opphold ble avsluttet i perioden." in html


def test_period_without_stays(client_for, lene, history):
    history.stay(day(3, 1, 2023), departure=day(3, 10, 2023))
    html = get(client_for(lene)).content.decode()
    assert "Det er ingen opphold i denne perioden. Velg en annen periode." in html


def test_period_with_one_stay(client_for, lene, history):
    stay = history.stay(day(3, 1), departure=day(3, 11), ready=day(3, 4), cause="kommunen", destination="ny_kommunal")
    history.assess(stay, on=day(3, 2), municipality="Fjordby")
    history.tell(stay, "nav", day(3, 3))
    history.track(stay, "kommunal_bolig", day(3, 2))

    response = get(client_for(lene))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Det er bare ett opphold i denne perioden." in html
    section = html.split('id="fig-botid"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"Median, dager</th><td[^>]*>10,0</td>", section)


# --- The same number of queries for 1 and 50 stays ----------------------------------------------------


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = get(client)
    assert response.status_code == 200
    return len(queries)


def test_dashboard_runs_the_same_number_of_queries_for_1_and_50_stays(client_for, lene, history):
    client = client_for(lene)
    fill_year(history, 1, prefix="Først")
    get(client)  # warm up: anything done once per process is not per row

    with_one = _count_queries(client)
    fill_year(history, 49, prefix="Senere")
    with_fifty = _count_queries(client)

    print(f"\ndashboard queries: {with_one} with 1 stay, {with_fifty} with 50 stays")
    assert with_one == with_fifty
