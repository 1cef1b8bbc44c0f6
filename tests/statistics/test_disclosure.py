"""The disclosure rule (statistics/disclosure.py), attacked.

The statistics-only role and the national report must not let anyone take a person back out of
the numbers. Each attack from the field is written out here and must recover nothing:

- totals minus the visible cells, and the same across every table that shares a total;
- narrowing a hidden cell to within ±1;
- differencing two periods (overlapping, nested, cumulative, one day) — refused outright;
- combining two published years through what they share (those still here at the turn of the year);
- an attacker who knows the rounding algorithm and tries every possible true table.

The attacker (`Attack`) is interval reasoning over every linear relation the published numbers
obey, run to a fixed point: for tables that share only a total this is the exact set of values a
linear-programming attack could find. `test_the_attacker_has_teeth` shows it does recover cells
from the old scheme (each cell rounded or hidden on its own).
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import random
import re
from collections import defaultdict

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from boligplan.residents.choices import TEMPORARY_BY_NATURE
from boligplan.statistics import disclosure
from boligplan.statistics.disclosure import controlled, round_total
from boligplan.statistics.figures.dashboard import FIGURES
from boligplan.statistics.figures.destinations import destinations_figure
from boligplan.statistics.queries.scope import Period, Scope
from tests.statistics.test_statistics import History, day, plus

B = 5  # the default base; the tests below assume the defaults
SLACK = "slack"  # a non-negative unknown that nobody publishes


# --- The attacker ---------------------------------------------------------------------------------


class Attack:
    """Integer variables with bounds, and equalities Σ ±x = 0 between them; propagate() tightens the
    bounds until nothing changes. What is left is every value the attacker cannot rule out."""

    def __init__(self):
        self.low: dict[str, int] = {}
        self.high: dict[str, float] = {}
        self.equalities: list[list[tuple[int, str]]] = []
        self.published: set[str] = set()
        self.shown_as_small: set[str] = set()
        self.shown: dict[str, int] = {}  # what was printed, to check the files follow the rule

    def var(self, name: str, low: int = 0, high: float = float("inf")) -> str:
        self.low[name] = max(self.low.get(name, 0), low)
        self.high[name] = min(self.high.get(name, float("inf")), high)
        return name

    def total(self, name: str, published: int) -> str:
        """A population's size, published rounded to the nearest multiple of B."""
        self.published.add(name)
        assert published % B == 0, f"{name} = {published} is not rounded"
        self.shown[name] = published
        return self.var(name, max(0, published - B // 2), published + B // 2)

    def cell(self, name: str, published: int | None) -> str:
        """A cell of a one-way table, published as a neighbouring multiple of B; None is ":"."""
        self.published.add(name)
        if published is None:
            self.shown_as_small.add(name)
            self.shown[name] = 0
            return self.var(name, 0, B - 1)
        assert published % B == 0, f"{name} = {published} is not rounded"
        self.shown[name] = published
        return self.var(name, max(0, published - (B - 1)), published + B - 1)

    def table(self, parts: list[str], whole: str) -> None:
        """A published one-way table: the rule says its printed cells add up to its printed total
        (that is what lets each cell be off by up to B − 1 without the total giving it away)."""
        if whole in self.shown:
            assert sum(self.shown[p] for p in parts) == self.shown[whole], (parts, whole)
        self.sums_to(parts, whole)

    def sums_to(self, parts: list[str], whole: str) -> None:
        self.equalities.append([(1, p) for p in parts] + [(-1, whole)])

    def at_most(self, part: str, whole: str, slack_name: str) -> None:
        self.sums_to([part, self.var(f"{SLACK}:{slack_name}")], whole)

    def propagate(self) -> None:
        for _ in range(200):
            changed = False
            for terms in self.equalities:
                for sign, name in terms:
                    # sign·x = −Σ others; bound x from the others' bounds.
                    rest_low = rest_high = 0.0
                    for other_sign, other in terms:
                        if other is name:
                            continue
                        lo, hi = self.low[other], self.high[other]
                        if other_sign > 0:
                            rest_low += lo
                            rest_high += hi
                        else:
                            rest_low -= hi
                            rest_high -= lo
                    lo, hi = (-rest_high, -rest_low) if sign > 0 else (rest_low, rest_high)
                    if lo > self.low[name]:
                        self.low[name], changed = int(lo), True
                    if hi < self.high[name]:
                        self.high[name], changed = int(hi), True
            if not changed:
                return
        raise AssertionError("did not settle")

    def possible(self, name: str) -> int:
        return int(self.high[name] - self.low[name] + 1)

    def failures(self) -> list[str]:
        """Every published count the attacker pinned down too well."""
        bad = []
        for name in sorted(self.published):
            assert self.low[name] <= self.high[name], f"no consistent table: {name}"
            if self.possible(name) < B:
                bad.append(f"{name}: {self.low[name]}..{self.high[name]}")
            if name in self.shown_as_small and self.low[name] > 0:
                bad.append(f"{name}: shown as ':' but cannot be 0")
        return bad


def publish_one_way_tables(attack: Attack, population: str, tables: list[list[int]]) -> None:
    """Publish several one-way tables of the same population, by the rule."""
    n = sum(tables[0])
    whole = attack.total(population, round_total(n))
    for t, counts in enumerate(tables):
        assert sum(counts) == n
        names = []
        for i, value in enumerate(controlled(counts)):
            names.append(attack.cell(f"{population}:t{t}:c{i}", None if value == 0 else value))
        attack.table(names, whole)


# --- The rounding itself ---------------------------------------------------------------------------


def test_round_total_is_to_the_nearest_multiple_of_five():
    assert [round_total(n) for n in [0, 1, 2, 3, 7, 8, 12, 13, 1002]] == [0, 0, 0, 5, 5, 10, 10, 15, 1000]


def test_controlled_rounding_by_hand():
    # 12 and 2: floors 10 and 0, total 14 → 15, so one cell goes up: the larger remainder, the
    # first on a tie (both 2).
    assert controlled([12, 2]) == [15, 0]
    # 3, 3, 3: total 9 → 10, two go up (ties: the first two).
    assert controlled([3, 3, 3]) == [5, 5, 0]
    # Multiples of five stay as they are.
    assert controlled([10, 5, 0]) == [10, 5, 0]


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=12))
def test_controlled_rounding_adds_up_and_stays_close(counts):
    published = controlled(counts)
    assert sum(published) == round_total(sum(counts))
    for true, shown in zip(counts, published, strict=True):
        assert shown % B == 0
        assert abs(shown - true) <= B - 1
        if true % B == 0:
            assert shown == true  # so a zero is never shown as 5
    assert controlled(list(counts)) == published  # deterministic


# --- The attacker has teeth --------------------------------------------------------------------------


def test_the_attacker_has_teeth():
    """Against the old scheme it recovers cells: so when it finds nothing below, that means something."""
    # 1. Old suppression: hide cells under 5 and one more per group. 10, 3, 7 of 20 → 10, :, : —
    #    but a report that also shows the same stays by another split with every cell visible
    #    (here: 13 and 7) gives the total, and then the two hidden cells sum to exactly 10.
    attack = Attack()
    whole = attack.var("N", 20, 20)
    a, b, c = attack.var("a", 10, 10), attack.var("b", 0, 4), attack.var("c", 5, 100)
    attack.sums_to([a, b, c], whole)
    attack.var("c", 0, 7)  # a second table shows c's group as 7 in finer categories
    attack.propagate()
    assert (attack.low["b"], attack.high["b"]) == (3, 4)  # narrowed to ±1 (the field's finding)

    # 2. Each cell rounded on its own (not controlled): 12 and 2 shown as 10 and 0, the total 14 as
    #    15. Then the "0" is at least 1: someone is in it.
    attack = Attack()
    whole = attack.total("N", 15)
    big, small = attack.var("big", 10 - 2, 10 + 2), attack.var("small", 0, 2)
    attack.sums_to([big, small], whole)
    attack.propagate()
    assert attack.low["small"] >= 1


# --- Every table sharing a total, attacked -------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=10, max_value=200).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(min_value=0, max_value=n), min_size=1, max_size=10).map(
                lambda weights, n=n: _split(n, weights)
            ),
            min_size=1,
            max_size=5,
        )
    )
)
def test_no_cell_is_narrowed_by_totals_or_other_tables(tables):
    """Random populations of 10–200 with up to five one-way tables (bands, destinations, ages, ...)
    sharing their total: after every subtraction across every table, each count keeps at least five
    possible values, and every ":" may still be zero."""
    attack = Attack()
    publish_one_way_tables(attack, "pop", tables)
    attack.propagate()
    assert attack.failures() == []


def _split(n: int, weights: list[int]) -> list[int]:
    """n split in proportion to the weights, exactly (the last cell takes the rest)."""
    total = sum(weights)
    if not total:
        return [n] + [0] * (len(weights) - 1)
    parts = [n * w // total for w in weights]
    parts[-1] += n - sum(parts)
    return parts


def test_an_attacker_who_knows_the_algorithm_and_tries_every_table():
    """Every true table of three cells up to 22 each: group them by what would be published. Each
    published count still stands for at least four true values (never exact, never ±1), and ":"
    always includes 0."""
    limit = 22
    preimages = defaultdict(list)
    for counts in itertools.product(range(limit + 1), repeat=3):
        total = round_total(sum(counts))
        if total < disclosure.minimum():
            continue  # not published at all
        preimages[(tuple(controlled(list(counts))), total)].append(counts)
    checked = 0
    for (published, _total), candidates in preimages.items():
        if max(published) > limit - B:
            continue  # near the edge of the search, where the search itself cuts values off
        for index, shown in enumerate(published):
            values = {c[index] for c in candidates}
            assert len(values) >= 4, (published, index, sorted(values))
            if shown == 0:
                assert 0 in values
            checked += 1
    assert checked > 150


# --- The application, end to end: what the statistics role can download ---------------------------------


def rows_of(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def tables_of(content: bytes) -> dict[str, list[list[str]]]:
    """{caption: data rows} for every table in one of our CSV files."""
    blocks, current = [], []
    for row in rows_of(content):
        if not any(row):
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(row)
    if current:
        blocks.append(current)
    return {block[0][0]: block[2:] for block in blocks if len(block) >= 2 and len(block[0]) == 1}


def number(text: str) -> int | None:
    """A published count: ":" is None (0–4)."""
    if text == ":":
        return None
    assert re.fullmatch(r"\d+", text), text
    return int(text)


FIGURE_KEYS = list(FIGURES)


def download_everything(client, year: int) -> dict[str, bytes]:
    params = {"fra": f"{year}-01-01", "til": f"{year}-12-31"}
    files = {}
    for key in FIGURE_KEYS:
        response = client.get(reverse("reports:figure-csv", kwargs={"figure": key}), params)
        assert response.status_code == 200, key
        files[key] = response.content
    response = client.get(reverse("reports:national-report-csv"), params)
    assert response.status_code == 200
    files["rapport"] = response.content
    return files


def add_year(attack: Attack, year: int, files: dict[str, bytes]) -> None:
    """Everything the statistics role can download for one year, as the attacker's equations."""
    y = f"{year}"

    def total(name, text):
        if text == f"under {disclosure.minimum()}":  # a population too small to show: at most 7
            attack.published.add(f"{y}:{name}")
            return attack.var(f"{y}:{name}", 0, disclosure.minimum() - B // 2 - 1)
        value = number(text)
        return attack.total(f"{y}:{name}", 0 if value is None else value)

    def breakdown(prefix, rows, whole, column=1):
        names = [attack.cell(f"{y}:{prefix}:{row[0]}", number(row[column])) for row in rows]
        attack.table(names, whole)
        return names

    stays = tables_of(files["opphold"]).get("Antall opphold og beboere")
    if stays:
        key = {row[0]: row[1] for row in stays}
        s = total("stays", key["Opphold i perioden"])
        departed = total("departed", key["Flyttet ut i perioden"])
        arrived = total("arrived", key["Kom i perioden"])
        residents = total("residents", key["Ulike beboere"])
        # Stays in the year = still here at the turn of the year before + arrived
        #                   = departed + still here at the end.
        attack.sums_to([arrived, attack.var(f"{y}:here_at_start")], s)
        attack.sums_to([departed, attack.var(f"{y}:here_at_end")], s)
        attack.at_most(residents, s, f"{y}:residents")

    assessment = tables_of(files["kartlegging"])
    if "Opphold etter antall dager til kartlegging" in assessment:
        arrived = total("arrived", assessment["Nøkkeltall for boligkartlegging"][0][1])
        breakdown("assessment", assessment["Opphold etter antall dager til kartlegging"], arrived)

    agencies = tables_of(files["varsling"])
    if "Opphold etter antall dager til varsel" in agencies:
        needing = total("needing", agencies["Nøkkeltall for varsling"][0][1])
        for column, agency in [(1, "nav"), (2, "office")]:
            breakdown(f"agency-{agency}", agencies["Opphold etter antall dager til varsel"], needing, column)
        attack.at_most(needing, attack.var(f"{y}:arrived"), f"{y}:needing")

    lengths = tables_of(files["botid"])
    if "Avsluttede opphold etter botid" in lengths:
        departed = total("departed", lengths["Nøkkeltall for botid"][0][1])
        breakdown("length", lengths["Avsluttede opphold etter botid"], departed)

    waiting = tables_of(files["venting"])
    if "Venting etter årsak" in waiting and len(waiting["Venting etter årsak"]) > 1:
        rows = waiting["Venting etter årsak"]
        ready = total("ready", rows[-1][1])
        breakdown("cause", rows[:-1], ready)
        attack.at_most(ready, attack.var(f"{y}:departed"), f"{y}:ready")

    places = tables_of(files["flyttet-til"])
    if "Avsluttede opphold etter hvor beboeren flyttet" in places:
        key = {row[0]: row[1] for row in places["Nøkkeltall for utflytting"]}
        departed = total("departed", key["Avsluttede opphold"])
        breakdown("place", places["Avsluttede opphold etter hvor beboeren flyttet"], departed)
        permanent = attack.cell(f"{y}:permanence:Varig", number(key["Til varig bolig"]))
        temporary = attack.cell(f"{y}:permanence:Midlertidig", number(key["Til midlertidig løsning"]))
        attack.table([permanent, temporary], departed)
        attack.cell(f"{y}:place:Tilbake til voldsutøver", number(key["Tilbake til voldsutøver"]))

    tracks = tables_of(files["tid-til-bolig"]).get("Startet, fikk bolig og median per spor", [])
    for row in tracks:
        started = total(f"track:{row[0]}", row[1])
        if row[2] in ("", "–"):  # not shown
            continue
        names = [attack.cell(f"{y}:track:{row[0]}:{part}", number(row[i])) for i, part in [(2, "home"), (3, "wait")]]
        attack.table(names, started)

    children = tables_of(files["barn"])
    if "Barn etter antall flyttinger" in children:
        key = {row[0]: row[1] for row in children["Nøkkeltall for barna"]}
        n = total("children", key["Barn som flyttet ut"])
        breakdown("moves", children["Barn etter antall flyttinger"], n)

    report = tables_of(files["rapport"])
    for title, prefix in [
        ("Botid i dager", "length"),
        ("Hvor beboeren flyttet", "place"),
        ("Varig eller midlertidig", "permanence"),
        ("Alder ved ankomst", "age"),
    ]:
        if title in report:
            rows = report[title]
            departed = total("departed", rows[-1][1])
            breakdown(prefix, rows[:-1], departed)


def rich_year(history: History, year: int, rng: random.Random, count: int) -> None:
    """A year with every kind of small cell: rare destinations, one wait cause, one ROSA, ..."""
    destinations = (
        ["ny_kommunal"] * 6
        + ["familie_venner"] * 3
        + ["tilbake_voldsutover", "rosa", "annet_krisesenter", "institusjon", "ny_eid", "tidligere_bolig"]
    )
    causes = ["kommunen", "kommunen", "nav", "", "leiestart"]
    for number in range(count):
        arrival = day(1, 1, year) + datetime.timedelta(days=rng.randrange(0, 330))
        length = rng.choice([2, 5, 9, 12, 20, 25, 40, 75, 100, 200])
        departure = plus(arrival, length)
        if departure.year > year or rng.random() < 0.15:
            departure = None
        ready = plus(arrival, length // 2) if departure and rng.random() < 0.6 else None
        birth_year = rng.choice([1960, 1975, 1985, 1990, 1995, 2003])
        destination = rng.choice(destinations)
        permanence = rng.choice(["varig", "varig", "varig", "midlertidig"])
        if destination in TEMPORARY_BY_NATURE:  # the service refuses these as permanent
            permanence = "midlertidig"
        stay = history.stay(
            arrival,
            name=f"Syntetisk {year}-{number:03d}",
            birth_year=birth_year,
            departure=departure,
            destination=destination,
            permanence=permanence,
            ready=ready,
            cause=rng.choice(causes) if ready else "",
        )
        history.assess(stay, on=plus(arrival, rng.randrange(0, 9)), municipality="Fjordby")
        if rng.random() < 0.7:
            history.tell(stay, "nav", plus(arrival, rng.randrange(1, 12)))
        history.track(stay, rng.choice(["kommunal_bolig", "privat_leie", "rosa"]), plus(arrival, 1))


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
