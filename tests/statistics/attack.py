"""The attacker the disclosure tests (test_disclosure*.py) set on the published numbers, and the
downloads it reads.

`Attack` is interval reasoning over every linear relation the published numbers obey, run to a fixed
point: for tables that share only a total this is the exact set of values a linear-programming
attack could find. `test_the_attacker_has_teeth` shows it does recover cells from the old scheme
(each cell rounded or hidden on its own)."""

from __future__ import annotations

import csv
import datetime
import io
import random
import re

from django.urls import reverse

from boligplan.residents.choices import TEMPORARY_BY_NATURE
from boligplan.statistics import disclosure
from boligplan.statistics.disclosure import controlled, round_total
from boligplan.statistics.figures.dashboard import FIGURES
from tests.statistics.history import History, day, plus

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
