"""The dashboard's figures: each is a chart, the tables with its numbers, and a CSV download.

statistics.py computes; this module decides what is shown: titles, table columns, chart
descriptions. A figure is built from a Scope and a disclosure Policy, so the page, the CSV
download and the benchmark all run the same code. Every count goes through the policy
(disclosure.py): exact for a leader's own shelter, rounded and thresholded for the statistics
role — in tables, chart bars and chart descriptions alike, so no view can show more than another.

Adding a figure is one builder function appended to FIGURES; the template, CSV download and
tests pick it up from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boligplan.housing.choices import Agency, Track
from boligplan.residents.choices import Destination, Permanence, WaitCause

from . import charts, statistics
from . import national_mapping as mapping
from .disclosure import EXACT, Policy, base, minimum
from .statistics import Distribution, Scope

SMALL = ":"  # a published count that stands for 0–4 (disclosure.Policy.is_small)


@dataclass(frozen=True)
class Num:
    """A number in a table: shown with a decimal comma; None is shown as a dash."""

    value: float | int | None
    decimals: int = 0
    percent: bool = False
    missing: str = ""  # said instead of a dash when there is no value, e.g. "ikke nådd"
    small: bool = False  # a rounded count that stands for "fewer than 5": shown as ":"

    def __str__(self) -> str:
        if self.small:
            return SMALL
        if self.value is None:
            return self.missing or "–"
        text = charts.number(self.value * 100 if self.percent else self.value, self.decimals)
        return f"{text} %" if self.percent else text

    def csv(self) -> str:
        return self.missing if self.value is None and not self.small else str(self)


def days(value: float | None) -> Num:
    return Num(value, 1)


def pct(part: int, whole: int, policy: Policy = EXACT) -> Num:
    if policy.is_small(part):
        return Num(None, small=True)
    return Num(statistics.share(part, whole), 1, percent=True)


def count(value: int, policy: Policy = EXACT) -> Num:
    """A published count (already through the policy)."""
    return Num(value, small=policy.is_small(value))


def population(value: int, policy: Policy) -> Num:
    """The published size of a population (a total, not a cell of a table). Below the minimum it is
    not shown: "0" would mean 0–2, a range too narrow to protect anyone."""
    if not policy.exact and not policy.enough(value):
        return Num(None, missing=_("under %(n)s") % {"n": minimum()})
    return count(value, policy)


def bar_text(value: int, policy: Policy) -> str:
    return SMALL if policy.is_small(value) else str(value)


def too_few(figure: Figure, policy: Policy) -> Figure:
    """Nothing at all about a population too small to publish: no table, no chart, no count."""
    figure.tables.clear()
    figure.charts.clear()
    figure.empty = _(
        "For få i perioden til å vise tall. Tallene vises bare når minst %(n)s står bak (etter avrunding)."
    ) % {"n": minimum()}
    return figure


def group_stat(value, published_n: int, policy: Policy, decimals: int = 1) -> Num:
    """A mean or median of a group: only when enough stand behind it."""
    return Num(value if policy.enough(published_n) else None, decimals)


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list]  # the first cell of each row is its header
    collapsed: bool = False  # long tables (curve points) are folded away under <details>

    @cached_property
    def numeric_columns(self) -> set[int]:
        """Columns holding numbers only: right-aligned, so digits line up."""
        return {
            index
            for index in range(1, len(self.columns))
            if self.rows and all(isinstance(row[index], Num) for row in self.rows)
        }


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    caption: str = ""  # shown above the chart when a figure has several (one per track)


@dataclass
class Figure:
    key: str  # the slug in the CSV address
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    empty: str = ""  # when set, there is nothing to show and this says why

    def add_chart(self, svg: SafeString, caption: str = "") -> None:
        self.charts.append(Chart(svg, caption))

    @property
    def wide(self) -> bool:
        """Tables with many columns go below the chart instead of beside it."""
        return any(len(table.columns) > 3 for table in self.tables if not table.collapsed)


# --- Builders -----------------------------------------------------------------------------------
#
# Each builder takes the policy. With EXACT it shows what it always did; with PROTECTED every
# count is published once (policy.total for a population, policy.breakdown for a one-way table of
# it, all categories listed whether empty or not), shares and derived numbers are computed from
# those, and nothing finer than a one-way table (no cross tables, no curve points, no municipality)
# is shown.


def stays_figure(scope: Scope, counts: statistics.StayCounts | None = None, policy: Policy = EXACT) -> Figure:
    counts = counts or statistics.stay_counts(scope)
    figure = Figure(
        key="opphold",
        title=_("Beboere og opphold"),
        intro=_("Opphold som varte hele eller deler av perioden, og hvor mange ulike beboere de gjaldt."),
    )
    stays, departed = policy.total(counts.stays), policy.total(counts.departed)
    # Still here at the end = in the period − departed in it; from the published numbers, and
    # only when both are shown (or it would give away the hidden one).
    open_at_end = counts.open_at_end if policy.exact else stays - departed
    rows = [
        (_("Opphold i perioden"), stays),
        (_("Ulike beboere"), policy.total(counts.residents)),
        (_("Kom i perioden"), policy.total(counts.arrived)),
        (_("Flyttet ut i perioden"), departed),
        (_("Bor her ved periodens slutt"), open_at_end),
    ]
    cells = [population(v, policy) for _n, v in rows]
    if not policy.exact and (cells[0].value is None or cells[3].value is None):
        cells[4] = Num(None)
    figure.tables.append(
        Table(
            _("Antall opphold og beboere"),
            [_("Hva"), _("Antall")],
            [[name, cell] for (name, _v), cell in zip(rows, cells, strict=True)],
        )
    )
    if not policy.exact and not policy.enough(stays):
        return too_few(figure, policy)
    if not counts.stays:
        figure.empty = _("Ingen opphold i perioden.")
        return figure
    figure.add_chart(
        charts.bar_chart(
            key="chart-opphold",
            title=figure.title,
            description=_("Liggende stolper med antall opphold og beboere: %(summary)s.")
            % {"summary": "; ".join(f"{name} {cell}" for (name, _v), cell in zip(rows, cells, strict=True))},
            categories=[
                charts.Category(name, (cell.value or 0,), str(cell))
                for (name, _v), cell in zip(rows, cells, strict=True)
            ],
        )
    )
    return figure


def _band_table(distribution: Distribution, band_list, extra: list[tuple[str, int]], policy: Policy):
    """(label, published count) for each band and extra group, and the published total."""
    labels = [band.label for band in band_list] + [label for label, _n in extra]
    raw = [n for _band, n in distribution.band_counts(band_list)] + [n for _label, n in extra]
    published = policy.breakdown(raw)
    return list(zip(labels, published, strict=True)), policy.total(sum(raw))


def assessment_figure(scope: Scope, policy: Policy = EXACT) -> Figure:
    timing = statistics.assessment_timing(scope)
    done = timing.completed
    figure = Figure(
        key="kartlegging",
        title=_("Dager fra ankomst til boligkartlegging"),
        intro=_("Opphold som startet i perioden: antall dager fra ankomst til boligkartleggingen ble fullført."),
    )
    rows, whole = _band_table(done, statistics.ASSESSMENT_BANDS, [(_("Ikke fullført"), timing.not_completed)], policy)
    not_completed = rows[-1][1]
    completed = whole - not_completed
    figure.tables.append(
        Table(
            _("Nøkkeltall for boligkartlegging"),
            [_("Mål"), _("Verdi")],
            [
                [_("Opphold som startet i perioden"), count(whole, policy)],
                [_("Kartlegging fullført"), count(completed, policy)],
                [_("Ikke fullført ennå"), count(not_completed, policy)],
                [_("Gjennomsnitt, dager"), group_stat(done.mean, completed, policy)],
                [_("Median, dager"), group_stat(done.median, completed, policy)],
            ],
        )
    )
    if not policy.exact and not policy.enough(whole):
        return too_few(figure, policy)
    if not timing.arrived:
        figure.empty = _("Ingen opphold startet i perioden.")
        return figure
    figure.tables.append(
        Table(
            _("Opphold etter antall dager til kartlegging"),
            [_("Dager"), _("Opphold"), _("Andel")],
            [[label, count(n, policy), pct(n, whole, policy)] for label, n in rows],
        )
    )
    median = done.median if policy.enough(completed) else None
    figure.add_chart(
        charts.bar_chart(
            key="chart-kartlegging",
            title=figure.title,
            description=_(
                "Liggende stolper, én per gruppe av dager fra ankomst til kartlegging. "
                "Median %(median)s dager, %(n)s kartlagt, %(missing)s ikke fullført."
            )
            % {
                "median": charts.number(median, 1),
                "n": bar_text(completed, policy),
                "missing": bar_text(not_completed, policy),
            },
            categories=[charts.Category(label, (n,), bar_text(n, policy)) for label, n in rows],
        )
    )
    return figure


AGENCY_LABELS = {Agency.NAV: _lazy("Nav"), Agency.HOUSING_OFFICE: _lazy("Boligkontoret")}


def agency_figure(scope: Scope, policy: Policy = EXACT) -> Figure:
    timings = statistics.agency_timing(scope)
    figure = Figure(
        key="varsling",
        title=_("Dager fra behov for ny bolig til henvendelse til Nav og boligkontoret"),
        intro=_(
            "Opphold som startet i perioden der kartleggingen viste at ny bolig trengs. Behovet regnes som "
            "kjent den dagen kartleggingen ble fullført; varsel sendt før det teller som 0 dager."
        ),
    )
    # Each agency is its own one-way table of the same population (those needing a new home).
    per_agency = [
        _band_table(t.told, statistics.AGENCY_BANDS, [(_("Ikke varslet"), t.not_told)], policy) for t in timings
    ]
    needing = per_agency[0][1]
    key_rows = []
    for t, (rows, whole) in zip(timings, per_agency, strict=True):
        not_told = rows[-1][1]
        told = whole - not_told
        key_rows.append(
            [
                str(AGENCY_LABELS[t.agency]),
                count(whole, policy),
                count(told, policy),
                count(not_told, policy),
                group_stat(t.told.mean, told, policy),
                group_stat(t.told.median, told, policy),
            ]
        )
    figure.tables.append(
        Table(
            _("Nøkkeltall for varsling"),
            [_("Til"), _("Trengte ny bolig"), _("Varslet"), _("Ikke varslet"), _("Gjennomsnitt, dager"), _("Median")],
            key_rows,
        )
    )
    if not policy.exact and not policy.enough(needing):
        return too_few(figure, policy)
    if not timings[0].needing:
        figure.empty = _("Ingen opphold i perioden med fullført kartlegging som viste behov for ny bolig.")
        return figure
    labels = [label for label, _n in per_agency[0][0]]
    figure.tables.append(
        Table(
            _("Opphold etter antall dager til varsel"),
            [_("Dager"), *[str(AGENCY_LABELS[t.agency]) for t in timings]],
            [[label, *[count(rows[i][1], policy) for rows, _w in per_agency]] for i, label in enumerate(labels)],
        )
    )
    legend = charts.series(*[str(AGENCY_LABELS[t.agency]) for t in timings])
    medians = [row[5].value for row in key_rows]
    figure.add_chart(
        charts.bar_chart(
            key="chart-varsling",
            title=figure.title,
            description=_(
                "Liggende stolper i par, heltrukket for Nav og skravert for boligkontoret, én gruppe per antall "
                "dager. Median til Nav %(nav)s dager, til boligkontoret %(office)s dager."
            )
            % {"nav": charts.number(medians[0], 1), "office": charts.number(medians[1], 1)},
            categories=[
                charts.Category(label, tuple(rows[i][1] for rows, _w in per_agency), "")
                for i, label in enumerate(labels)
            ],
            legend=legend,
        )
    )
    return figure


def length_of_stay_figure(scope: Scope, policy: Policy = EXACT) -> Figure:
    stay_days = statistics.length_of_stay(scope)
    figure = Figure(
        key="botid",
        title=_("Botid"),
        intro=_("Opphold som ble avsluttet i perioden: antall dager fra ankomst til utflytting."),
    )
    rows, whole = _band_table(stay_days, statistics.LENGTH_OF_STAY_BANDS, [], policy)
    mean, median = group_stat(stay_days.mean, whole, policy), group_stat(stay_days.median, whole, policy)
    figure.tables.append(
        Table(
            _("Nøkkeltall for botid"),
            [_("Mål"), _("Verdi")],
            [
                [_("Avsluttede opphold"), count(whole, policy)],
                [_("Gjennomsnitt, dager"), mean],
                [_("Median, dager"), median],
            ],
        )
    )
    if not policy.exact and not policy.enough(whole):
        return too_few(figure, policy)
    if not stay_days.n:
        figure.empty = _("Ingen opphold ble avsluttet i perioden.")
        return figure
    figure.tables.append(
        Table(
            _("Avsluttede opphold etter botid"),
            [_("Dager"), _("Opphold"), _("Andel")],
            [[label, count(n, policy), pct(n, whole, policy)] for label, n in rows],
        )
    )
    figure.add_chart(
        charts.bar_chart(
            key="chart-botid",
            title=figure.title,
            description=_(
                "Liggende stolper, én per botidsgruppe fra 0–7 til over 180 dager. "
                "Gjennomsnitt %(mean)s dager, median %(median)s dager, %(n)s avsluttede opphold."
            )
            % {
                "mean": charts.number(mean.value, 1),
                "median": charts.number(median.value, 1),
                "n": bar_text(whole, policy),
            },
            categories=[
                charts.Category(
                    label,
                    (n,),
                    f"{n} ({pct(n, whole, policy)})" if n else bar_text(n, policy),
                )  # the share helps compare years of different size
                for label, n in rows
            ],
        )
    )
    return figure


def _cause_label(cause: str) -> str:
    return str(WaitCause(cause).label) if cause in WaitCause.values else _("Ingen årsak oppgitt")


def ready_figure(scope: Scope, policy: Policy = EXACT) -> Figure:
    by_cause = statistics.ready_to_departure(scope)
    figure = Figure(
        key="venting",
        title=_("Dager fra klar til å flytte til utflytting, etter årsak"),
        intro=_(
            "Opphold som ble avsluttet i perioden der det er registrert når beboeren var klar til å flytte. "
            "Dagene etter det skyldes boligsituasjonen."
        ),
    )
    order = [*WaitCause.values, ""]
    # Which causes occur at all is itself a count: the protected view lists every cause.
    present = [cause for cause in order if cause in by_cause or not policy.exact]
    empty = Distribution()
    dists = [by_cause.get(cause, empty) for cause in present]
    published = policy.breakdown([d.n for d in dists])
    everyone = Distribution.of((d, n) for dist in by_cause.values() for d, n in dist.counts.items())
    whole = policy.total(everyone.n)
    columns = [_("Årsak"), _("Opphold")]
    if policy.exact:  # a sum of days with its mean gives the exact count back
        columns.append(_("Dager i alt"))
    columns += [_("Gjennomsnitt, dager"), _("Median, dager")]

    def row(label, dist, n):
        cells = [label, count(n, policy)]
        if policy.exact:
            cells.append(Num(dist.total_days))
        return [*cells, group_stat(dist.mean, n, policy), group_stat(dist.median, n, policy)]

    rows = [row(_cause_label(cause), dist, n) for cause, dist, n in zip(present, dists, published, strict=True)]
    rows.append(row(_("Alle årsaker"), everyone, whole))
    figure.tables.append(Table(_("Venting etter årsak"), columns, rows))
    if not policy.exact and not policy.enough(whole):
        return too_few(figure, policy)
    if not everyone.n:
        figure.empty = _("Ingen avsluttede opphold i perioden har dato for klar til å flytte.")
        return figure
    shown = [
        (cause, dist, n)
        for cause, dist, n in zip(present, dists, published, strict=True)
        if dist.n and policy.enough(n)
    ]
    description = _(
        "Liggende stolper med gjennomsnittlig antall dager fra klar til å flytte til utflytting, "
        "én per årsak. I alt %(total)s dager for %(n)s opphold."
    ) % {"total": everyone.total_days, "n": everyone.n}
    if not policy.exact:
        description = _(
            "Liggende stolper med gjennomsnittlig antall dager fra klar til å flytte til utflytting, én per "
            "årsak med minst %(min)s opphold. I alt %(n)s opphold, gjennomsnitt %(mean)s dager."
        ) % {"min": minimum(), "n": whole, "mean": charts.number(everyone.mean, 1)}
    figure.add_chart(
        charts.bar_chart(
            key="chart-venting",
            title=figure.title,
            description=description,
            categories=[
                charts.Category(
                    _cause_label(cause),
                    (dist.mean or 0,),
                    _("snitt %(mean)s (n = %(n)s)") % {"mean": charts.number(dist.mean, 1), "n": n},
                )
                for cause, dist, n in shown
            ],
        )
    )
    return figure


def destinations_figure(scope: Scope, policy: Policy = EXACT) -> Figure:
    dest = statistics.destinations(scope)
    if not policy.exact:
        return _national_destinations_figure(dest, policy)
    figure = Figure(
        key="flyttet-til",
        title=_("Hvor beboerne flyttet"),
        intro=_("Opphold som ble avsluttet i perioden, etter hvor beboeren flyttet og om boligen er varig."),
    )
    total = dest.total
    figure.tables.append(
        Table(
            _("Nøkkeltall for utflytting"),
            [_("Mål"), _("Opphold"), _("Andel")],
            [
                [_("Avsluttede opphold"), Num(total), pct(total, total)],
                [_("Til varig bolig"), Num(dest.permanent), pct(dest.permanent, total)],
                [_("Til midlertidig løsning"), Num(dest.temporary), pct(dest.temporary, total)],
                [
                    _("Tilbake til voldsutøver"),
                    Num(dest.back_to_perpetrator),
                    pct(dest.back_to_perpetrator, total),
                ],
            ],
        )
    )
    if not total:
        figure.empty = _("Ingen opphold ble avsluttet i perioden.")
        return figure
    present = [d for d in Destination if dest.of(d.value)]
    figure.tables.append(
        Table(
            _("Avsluttede opphold etter hvor beboeren flyttet"),
            [_("Flyttet til"), _("Varig"), _("Midlertidig"), _("I alt"), _("Andel")],
            [
                [
                    str(d.label),
                    Num(dest.with_permanence(Permanence.PERMANENT, d.value)),
                    Num(dest.with_permanence(Permanence.TEMPORARY, d.value)),
                    Num(dest.of(d.value)),
                    pct(dest.of(d.value), total),
                ]
                for d in present
            ],
        )
    )
    figure.add_chart(
        charts.bar_chart(
            key="chart-flyttet-til",
            title=figure.title,
            description=_(
                "Liggende stolper, én per sted beboerne flyttet til, delt i varig (heltrukket) og midlertidig "
                "(skravert). %(permanent)s varig, %(temporary)s midlertidig, %(back)s tilbake til voldsutøver."
            )
            % {
                "permanent": pct(dest.permanent, total),
                "temporary": pct(dest.temporary, total),
                "back": pct(dest.back_to_perpetrator, total),
            },
            categories=[
                charts.Category(
                    str(d.label),
                    (
                        dest.with_permanence(Permanence.PERMANENT, d.value),
                        dest.with_permanence(Permanence.TEMPORARY, d.value),
                    ),
                    str(dest.of(d.value)),
                )
                for d in present
            ],
            legend=charts.series(str(Permanence.PERMANENT.label), str(Permanence.TEMPORARY.label)),
            stacked=True,
        )
    )
    return figure


def national_destination_counts(dest: statistics.Destinations) -> list[int]:
    """Stays per national destination category, in the report's order (one classification for
    everything that leaves the shelter: a finer one beside it could be subtracted from it)."""
    by_code: dict[str, int] = {}
    for (destination, _permanence), n in dest.counts.items():
        code = mapping.DESTINATION.get(destination, mapping.UNKNOWN).code
        by_code[code] = by_code.get(code, 0) + n
    return [by_code.get(c.code, 0) for c in mapping.DESTINATION_ORDER]


def national_permanence_counts(dest: statistics.Destinations) -> list[int]:
    return [dest.with_permanence(value) for value in mapping.PERMANENCE]


def _national_destinations_figure(dest: statistics.Destinations, policy: Policy) -> Figure:
    figure = Figure(
        key="flyttet-til",
        title=_("Hvor beboerne flyttet"),
        intro=_(
            "Opphold som ble avsluttet i perioden, i kategoriene til den nasjonale statistikken, og om boligen er "
            "varig. Antallene er avrundet, og varig og midlertidig er ikke fordelt på sted."
        ),
    )
    places = policy.breakdown(national_destination_counts(dest))
    permanence = policy.breakdown(national_permanence_counts(dest))
    total = policy.total(dest.total)
    back = places[mapping.DESTINATION_ORDER.index(mapping.BACK_TO_PERPETRATOR)]
    figure.tables.append(
        Table(
            _("Nøkkeltall for utflytting"),
            [_("Mål"), _("Opphold"), _("Andel")],
            [
                [_("Avsluttede opphold"), count(total, policy), pct(total, total, policy)],
                [_("Til varig bolig"), count(permanence[0], policy), pct(permanence[0], total, policy)],
                [_("Til midlertidig løsning"), count(permanence[1], policy), pct(permanence[1], total, policy)],
                [_("Tilbake til voldsutøver"), count(back, policy), pct(back, total, policy)],
            ],
        )
    )
    if not policy.exact and not policy.enough(total):
        return too_few(figure, policy)
    if not dest.total:
        figure.empty = _("Ingen opphold ble avsluttet i perioden.")
        return figure
    labels = [str(c.label) for c in mapping.DESTINATION_ORDER]
    figure.tables.append(
        Table(
            _("Avsluttede opphold etter hvor beboeren flyttet"),
            [_("Flyttet til"), _("Opphold"), _("Andel")],
            [[label, count(n, policy), pct(n, total, policy)] for label, n in zip(labels, places, strict=True)],
        )
    )
    figure.add_chart(
        charts.bar_chart(
            key="chart-flyttet-til",
            title=figure.title,
            description=_(
                "Liggende stolper, én per sted beboerne flyttet til. %(permanent)s varig, %(temporary)s "
                "midlertidig, %(back)s tilbake til voldsutøver."
            )
            % {
                "permanent": pct(permanence[0], total, policy),
                "temporary": pct(permanence[1], total, policy),
                "back": pct(back, total, policy),
            },
            categories=[
                charts.Category(label, (n,), bar_text(n, policy)) for label, n in zip(labels, places, strict=True)
            ],
        )
    )
    return figure


def _median_text(days_value: int | None) -> Num:
    return Num(days_value, missing=_("ikke nådd"))


def time_to_home_figure(scope: Scope, observations=None, policy: Policy = EXACT) -> Figure:
    observations = observations if observations is not None else statistics.time_to_home_observations(scope)
    curves = statistics.survival_by_track(observations)
    figure = Figure(
        key="tid-til-bolig",
        title=_("Tid til bolig per spor"),
        intro=_(
            "Spor valgt i perioden. Kurven viser andelen som fortsatt ventet på bolig etter så mange dager "
            "(Kaplan–Meier). De som fortsatt venter, eller flyttet til noe annet enn sporet, regnes med fram "
            "til i dag eller utflytting – de blir ikke utelatt."
        ),
    )
    if not policy.exact:
        return _protected_time_to_home(figure, curves, policy)
    figure.tables.append(
        Table(
            _("Startet, fikk bolig og median per spor"),
            [_("Spor"), _("Startet"), _("Fikk bolig"), _("Venter / annet utfall"), _("Median, dager")],
            [
                [str(Track(s.label).label), Num(s.n), Num(s.homes), Num(s.censored), _median_text(s.median_days)]
                for s in curves
            ],
        )
    )
    if not curves:
        figure.empty = _("Ingen spor mot bolig ble valgt i perioden.")
        return figure
    figure.tables.append(
        Table(
            _("Punktene på kurvene"),
            [_("Spor"), _("Dag"), _("Ventet fortsatt før dagen"), _("Fikk bolig denne dagen"), _("Andel som venter")],
            [
                [str(Track(s.label).label), Num(p.day), Num(p.at_risk), Num(p.events), Num(p.survival, 1, True)]
                for s in curves
                for p in s.curve
            ],
            collapsed=True,
        )
    )
    for s in curves:
        name = str(Track(s.label).label)
        last_day = max((o.days for o in observations if o.track == s.label), default=0)
        figure.add_chart(
            charts.survival_chart(
                key=f"chart-tid-{s.label}",
                title=_("%(track)s: andel som fortsatt venter på bolig") % {"track": name},
                description=_("Trappekurve fra 100 %% ved start. %(homes)s av %(n)s fikk bolig; median %(median)s.")
                % {
                    "homes": s.homes,
                    "n": s.n,
                    "median": _("%(days)s dager") % {"days": s.median_days}
                    if s.median_days is not None
                    else _("ikke nådd"),
                },
                points=[(p.day, p.survival) for p in s.curve],
                last_day=last_day,
                median=s.median_days,
            ),
            name,
        )
    return figure


def _protected_time_to_home(figure: Figure, curves: list[statistics.Survival], policy: Policy) -> Figure:
    """Per track only: how many started (one population per track), got a home or not (a one-way
    table of it) and the median. No curve: each step of a curve is one person's exact wait."""
    figure.intro = _(
        "Spor valgt i perioden, regnet fram til periodens slutt (Kaplan–Meier). Median er dagen da halvparten "
        "hadde fått bolig; de som fortsatt ventet, eller flyttet til noe annet, regnes med."
    )
    by_track = {s.label: s for s in curves}
    rows, bars = [], []
    for track in statistics.HOME_TRACKS:
        s = by_track.get(track)
        n, homes = (s.n, s.homes) if s else (0, 0)
        started = policy.total(n)
        got, waiting = policy.breakdown([homes, n - homes])
        name = str(Track(track).label)
        if not policy.enough(started):
            # A population too small to show: its parts would give its size back.
            rows.append([name, population(started, policy), Num(None), Num(None), Num(None)])
            continue
        median = s.median_days if s else None
        shown_median = Num(median, missing=_("ikke nådd"))
        rows.append([name, count(started, policy), count(got, policy), count(waiting, policy), shown_median])
        if median is not None:
            bars.append(charts.Category(name, (median,), _("%(days)s dager") % {"days": median}))
    figure.tables.append(
        Table(
            _("Startet, fikk bolig og median per spor"),
            [_("Spor"), _("Startet"), _("Fikk bolig"), _("Venter / annet utfall"), _("Median, dager")],
            rows,
        )
    )
    if not bars:
        figure.empty = _("Ingen spor har nok opphold til å vise en median (minst %(n)s).") % {"n": minimum()}
        return figure
    figure.add_chart(
        charts.bar_chart(
            key="chart-tid-til-bolig",
            title=figure.title,
            description=_("Liggende stolper med mediantid til bolig i dager, én per spor med minst %(n)s startet.")
            % {"n": minimum()},
            categories=bars,
        )
    )
    return figure


def time_to_home_municipality_figure(scope: Scope, observations=None, policy: Policy = EXACT) -> Figure:
    min_n = statistics.km_min_n()
    figure = Figure(
        key="tid-til-bolig-kommune",
        title=_("Tid til bolig per kommune"),
        intro=_(
            "Som over, fordelt på kommunen der beboeren bodde før. Kommuner med færre enn %(n)s i et spor "
            "er slått sammen, fordi en median av så få sier lite."
        )
        % {"n": min_n},
    )
    if not policy.exact:
        # Where someone lived before is close to naming them in a small municipality.
        figure.empty = _("Tid til bolig per kommune vises bare for lederen ved senteret.")
        return figure
    observations = observations if observations is not None else statistics.time_to_home_observations(scope)
    rows = statistics.survival_by_municipality(observations, min_n=min_n)

    def place(row) -> str:
        return _("Andre kommuner") if row.pooled else (row.municipality or _("Ukjent kommune"))

    figure.tables.append(
        Table(
            _("Tid til bolig per spor og kommune"),
            [_("Kommune"), _("Spor"), _("Startet"), _("Fikk bolig"), _("Median, dager")],
            [
                [
                    place(row),
                    str(Track(row.track).label),
                    Num(row.survival.n),
                    Num(row.survival.homes),
                    _median_text(row.survival.median_days),
                ]
                for row in rows
            ],
        )
    )
    if not rows:
        figure.empty = _("Ingen spor mot bolig ble valgt i perioden.")
        return figure
    figure.add_chart(
        charts.bar_chart(
            key="chart-tid-kommune",
            title=figure.title,
            description=_(
                "Liggende stolper med mediantid til bolig i dager, én per spor og kommune. "
                "Der under halvparten har fått bolig, er det ingen stolpe."
            ),
            categories=[
                charts.Category(
                    f"{place(row)} – {Track(row.track).label}",
                    (row.survival.median_days or 0,),
                    (
                        _("%(days)s dager (n = %(n)s)") % {"days": row.survival.median_days, "n": row.survival.n}
                        if row.survival.median_days is not None
                        else _("ikke nådd (n = %(n)s)") % {"n": row.survival.n}
                    ),
                )
                for row in rows
            ],
        )
    )
    return figure


MOVE_GROUPS = [
    (_lazy("1 flytting"), 1, 1),
    (_lazy("2 flyttinger"), 2, 2),
    (_lazy("3 flyttinger"), 3, 3),
    (_lazy("4 eller flere"), 4, None),
]
# A one-way table must cover everyone, or its cells would not add up to the published total.
NO_MOVES = (_lazy("Ingen registrert"), 0, 0)


def children_figure(scope: Scope, policy: Policy = EXACT) -> Figure:
    moves = statistics.child_moves(scope)
    figure = Figure(
        key="barn",
        title=_("Barnas flyttinger og skolebytter"),
        intro=_(
            "Barn som flyttet ut med en forelder i perioden: hvor mange flyttinger de har hatt, "
            "medregnet kjente flyttinger før krisesenteret, og hvor mange ganger de har byttet barnehage eller skole."
        ),
    )
    n = moves.children
    groups = MOVE_GROUPS if policy.exact else [NO_MOVES, *MOVE_GROUPS]
    raw = [
        sum(c for moves_n, c in moves.moves.counts.items() if moves_n >= low and (high is None or moves_n <= high))
        for _label, low, high in groups
    ]
    counted = list(zip([str(label) for label, _l, _h in groups], policy.breakdown(raw), strict=True))
    whole = policy.total(n)
    changed = policy.breakdown([moves.changed_school_at_departure, n - moves.changed_school_at_departure])[0]
    figure.tables.append(
        Table(
            _("Nøkkeltall for barna"),
            [_("Mål"), _("Verdi")],
            [
                [_("Barn som flyttet ut"), count(whole, policy)],
                [_("Flyttinger per barn, gjennomsnitt"), group_stat(moves.moves.mean, whole, policy)],
                [_("Flyttinger per barn, median"), group_stat(moves.moves.median, whole, policy)],
                [
                    _("Bytter av barnehage/skole per barn, gjennomsnitt"),
                    group_stat(moves.school_changes.mean, whole, policy),
                ],
                [_("Byttet barnehage/skole ved utflyttingen"), pct(changed, whole, policy)],
            ],
        )
    )
    if not policy.exact and not policy.enough(whole):
        return too_few(figure, policy)
    if not n:
        figure.empty = _("Ingen barn flyttet ut i perioden.")
        return figure
    figure.tables.append(
        Table(
            _("Barn etter antall flyttinger"),
            [_("Flyttinger"), _("Barn"), _("Andel")],
            [[label, count(c, policy), pct(c, whole, policy)] for label, c in counted],
        )
    )
    figure.add_chart(
        charts.bar_chart(
            key="chart-barn",
            title=figure.title,
            description=_("Liggende stolper med antall barn etter hvor mange flyttinger de har hatt: %(summary)s.")
            % {"summary": "; ".join(f"{label} {bar_text(c, policy)}" for label, c in counted)},
            categories=[charts.Category(label, (c,), bar_text(c, policy)) for label, c in counted],
        )
    )
    return figure


Builder = Callable[..., Figure]

# The dashboard in reading order.
FIGURES: dict[str, Builder] = {
    "opphold": stays_figure,
    "kartlegging": assessment_figure,
    "varsling": agency_figure,
    "botid": length_of_stay_figure,
    "venting": ready_figure,
    "flyttet-til": destinations_figure,
    "tid-til-bolig": time_to_home_figure,
    "tid-til-bolig-kommune": time_to_home_municipality_figure,
    "barn": children_figure,
}


def all_figures(scope: Scope, counts: statistics.StayCounts | None = None, policy: Policy = EXACT) -> list[Figure]:
    """Every figure. Shared inputs are fetched once: the stay counts (also used for the page's
    notices) and the time-to-home observations behind the two Kaplan–Meier figures."""
    counts = counts or statistics.stay_counts(scope)
    observations = statistics.time_to_home_observations(scope)
    result = []
    for key, build in FIGURES.items():
        if key == "opphold":
            result.append(build(scope, counts, policy=policy))
        elif key in {"tid-til-bolig", "tid-til-bolig-kommune"}:
            result.append(build(scope, observations, policy=policy))
        else:
            result.append(build(scope, policy=policy))
    return result


def figure(scope: Scope, key: str, policy: Policy = EXACT) -> Figure | None:
    build = FIGURES.get(key)
    return build(scope, policy=policy) if build else None


def dashboard_context(scope: Scope, policy: Policy = EXACT) -> dict:
    """Every figure, plus what to say when the period is empty or too thin to say much."""
    counts = statistics.stay_counts(scope)
    built = all_figures(scope, counts, policy)
    notices = []
    if not counts.shelter_has_stays:
        notices.append(_("Senteret har ingen registrerte opphold ennå, så det er ingen tall å vise."))
    elif not policy.exact:
        # "None" would be an exact count too: the protected view says only "too few".
        if not policy.enough(policy.total(counts.stays)):
            notices.append(
                _("For få opphold i perioden til å vise tall (tallene vises bare når minst %(n)s står bak).")
                % {"n": minimum()}
            )
        notices.append(
            _(
                "Alle antall er avrundet til et multiplum av %(base)s, slik at summene stemmer; hvert tall kan avvike "
                "med inntil %(off)s fra det virkelige. «%(mark)s» betyr færre enn %(base)s."
            )
            % {"base": base(), "off": base() - 1, "mark": SMALL}
        )
    elif counts.stays == 0:
        notices.append(_("Det er ingen opphold i denne perioden. Velg en annen periode."))
    elif counts.stays == 1:
        notices.append(
            _("Det er bare ett opphold i denne perioden. Tallene viser dette ene oppholdet og sier lite generelt.")
        )
    return {"figures": built, "counts": counts, "notices": notices, "protected": not policy.exact}
