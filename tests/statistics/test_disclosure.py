"""The disclosure rule (statistics/disclosure.py), attacked through the application: the statistics-only
role and the national report must not let anyone take a person back out of the numbers, also by
combining two published years through what they share (those still here at the turn of the year).
The attacker is tests/statistics/attack.py; the rounding on its own is test_disclosure_rounding.py.
"""

from __future__ import annotations

import random
import re

import pytest
from django.urls import reverse

from boligplan.statistics.figures.destinations import destinations_figure
from boligplan.statistics.queries.scope import Period, Scope
from tests.statistics.attack import (
    Attack,
    B,
    add_year,
    download_everything,
    rich_year,
    rows_of,
    tables_of,
)
from tests.statistics.history import History, day


@pytest.mark.parametrize("seed", [1, 2])
def test_every_download_of_two_years_together_gives_nothing_away(client_for, stian, lene, shelter, kari, seed):
    """The statistics role downloads every figure CSV and the report for 2024 and 2025. Every table,
    every shared total, and what links the years (those here at the turn of the year) go into one
    system of equations; no published count comes out narrower than five values."""
    rng = random.Random(seed)
    history = History(shelter, kari)
    rich_year(history, 2024, rng, 30)
    rich_year(history, 2025, rng, 45)
    client = client_for(stian)

    attack = Attack()
    files = {year: download_everything(client, year) for year in (2024, 2025)}
    for year, downloaded in files.items():
        add_year(attack, year, downloaded)
    # Still here at the end of 2024 = here at the start of 2025: the two years' only link.
    attack.sums_to([attack.var("2024:here_at_end")], attack.var("2025:here_at_start"))
    attack.propagate()

    assert len(attack.published) > 100  # the attack really saw the tables
    assert attack.failures() == []
    # The data does have small cells: the rule had something to protect.
    exact = destinations_figure(Scope(period=Period(day(1, 1), day(12, 31)), today=day(12, 31), shelter_id=shelter.pk))
    small = [row for row in exact.tables[1].rows if 0 < row[3].value < B]
    assert small


def test_the_same_count_is_published_the_same_everywhere(client_for, stian, shelter, kari):
    """Destinations, permanence and length bands appear in the dashboard, the figure CSVs and the
    report: one published value each (two roundings of one count could be intersected)."""
    history = History(shelter, kari)
    rich_year(history, 2025, random.Random(7), 45)
    client = client_for(stian)
    files = download_everything(client, 2025)

    figure_places = {
        row[0]: row[1] for row in tables_of(files["flyttet-til"])["Avsluttede opphold etter hvor beboeren flyttet"]
    }
    report_places = {row[0]: row[1] for row in tables_of(files["rapport"])["Hvor beboeren flyttet"][:-1]}
    assert figure_places == report_places
    figure_bands = {row[0]: row[1] for row in tables_of(files["botid"])["Avsluttede opphold etter botid"]}
    report_bands = {row[0]: row[1] for row in tables_of(files["rapport"])["Botid i dager"][:-1]}
    assert figure_bands == report_bands
    html = client.get(reverse("reports:dashboard"), {"fra": "2025-01-01", "til": "2025-12-31"}).content.decode()
    section = html.split('id="fig-flyttet-til"', 1)[1].split("</section>", 1)[0]
    for label, value in figure_places.items():
        assert re.search(rf"<th scope=\"row\">{re.escape(label)}</th><td[^>]*>{re.escape(value)}</td>", section), label


# --- The statistics role sees no single stay anywhere -----------------------------------------------------


def test_one_stay_is_nowhere_to_be_seen(client_for, stian, shelter, kari):
    """The field's one-day finding, for a whole year with one stay in it: 11 days, another shelter,
    temporary, waiting for the municipality for 4 days. None of it may show."""
    history = History(shelter, kari)
    stay = history.stay(
        day(3, 3),
        departure=day(3, 14),
        destination="annet_krisesenter",
        permanence="midlertidig",
        ready=day(3, 10),
        cause="kommunen",
    )
    history.assess(stay, on=day(3, 4), municipality="Fjordby")
    history.tell(stay, "nav", day(3, 5))
    history.track(stay, "kommunal_bolig", day(3, 4))
    client = client_for(stian)
    year = {"fra": "2025-01-01", "til": "2025-12-31"}

    html = client.get(reverse("reports:dashboard"), year).content.decode()
    files = download_everything(client, 2025)

    assert "bare ett opphold" not in html
    assert "For få opphold i perioden til å vise tall" in html
    assert "<svg" not in html  # no chart, so no chart description either
    texts = [html] + [content.decode("utf-8") for content in files.values()]
    for text in texts:
        for fact in ["Annet krisesenter", "11 dager", "11,0", "Venter på kommunen", ">1<", ";1;", ";1\r"]:
            assert fact not in text, fact
    # Every count anywhere is a multiple of five or a mark; here nothing but "under 10" and ":".
    for key, content in files.items():
        for row in rows_of(content):
            for cell in row[1:]:
                assert not re.fullmatch(r"[1-9]\d*", cell) or int(cell) % B == 0, (key, row)
    # And the per-stay rows stay refused.
    assert client.get(reverse("reports:national-rows"), year).status_code == 403


def test_chart_descriptions_use_the_published_numbers(client_for, stian, shelter, kari):
    history = History(shelter, kari)
    rich_year(history, 2025, random.Random(3), 45)

    html = client_for(stian).get(reverse("reports:dashboard"), {"fra": "2025-01-01", "til": "2025-12-31"})
    html = html.content.decode()

    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) >= 5
    checked = 0
    for svg in svgs:
        # The description, and the numbers written at the end of each bar (row labels are
        # right-aligned, text-anchor="end"; axis ticks belong to no chart here but curves, not drawn).
        texts = re.findall(r"<desc[^>]*>(.*?)</desc>", svg, re.S)
        texts += re.findall(r'<text[^>]*text-anchor="start"[^>]*>(.*?)</text>', svg)
        for text in texts:
            # Counts are whole numbers not followed by "dager", ",d" or "%": each a multiple of 5.
            for value in re.findall(r"(?<![\d,–])(\d+)(?![\d,%–]| %| dager)", text):
                assert int(value) % B == 0, text
                checked += 1
    assert checked > 20
    assert "Punktene på kurvene" not in html  # each point of a curve is one person's wait
    assert "Tid til bolig per kommune vises bare for lederen" in html
