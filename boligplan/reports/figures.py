"""The dashboard's figures: each is a chart, the tables with its numbers, and a CSV download.

statistics.py computes; this module decides what a leader sees: titles, table columns, chart
descriptions. A figure is built from a Scope alone, so the page, the CSV download and the
benchmark all run the same code.

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
from .statistics import Distribution, Scope


@dataclass(frozen=True)
class Num:
    """A number in a table: shown with a decimal comma; None is shown as a dash."""

    value: float | int | None
    decimals: int = 0
    percent: bool = False
    missing: str = ""  # said instead of a dash when there is no value, e.g. "ikke nådd"

    def __str__(self) -> str:
        if self.value is None:
            return self.missing or "–"
        text = charts.number(self.value * 100 if self.percent else self.value, self.decimals)
        return f"{text} %" if self.percent else text

    def csv(self) -> str:
        return self.missing if self.value is None else str(self)


def days(value: float | None) -> Num:
    return Num(value, 1)


def pct(part: int, whole: int) -> Num:
    return Num(statistics.share(part, whole), 1, percent=True)


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


def stays_figure(scope: Scope, counts: statistics.StayCounts | None = None) -> Figure:
    counts = counts or statistics.stay_counts(scope)
    figure = Figure(
        key="opphold",
        title=_("Beboere og opphold"),
        intro=_("Opphold som varte hele eller deler av perioden, og hvor mange ulike beboere de gjaldt."),
    )
    rows = [
        (_("Opphold i perioden"), counts.stays),
        (_("Ulike beboere"), counts.residents),
        (_("Kom i perioden"), counts.arrived),
        (_("Flyttet ut i perioden"), counts.departed),
        (_("Bor her ved periodens slutt"), counts.open_at_end),
    ]
    figure.tables.append(Table(_("Antall opphold og beboere"), [_("Hva"), _("Antall")], [[n, Num(v)] for n, v in rows]))
    if not counts.stays:
        figure.empty = _("Ingen opphold i perioden.")
        return figure
    figure.add_chart(
        charts.bar_chart(
            key="chart-opphold",
            title=figure.title,
            description=_("Liggende stolper med antall opphold og beboere: %(summary)s.")
            % {"summary": "; ".join(f"{name} {value}" for name, value in rows)},
            categories=[charts.Category(name, (value,), str(value)) for name, value in rows],
        )
    )
    return figure


def _distribution_rows(distribution: Distribution, band_list, extra: list[tuple[str, int]] = ()):
    whole = distribution.n + sum(n for _, n in extra)
    rows = [(band.label, n) for band, n in distribution.band_counts(band_list)] + list(extra)
    return rows, whole


def assessment_figure(scope: Scope) -> Figure:
    timing = statistics.assessment_timing(scope)
    done = timing.completed
    figure = Figure(
        key="kartlegging",
        title=_("Dager fra ankomst til boligkartlegging"),
        intro=_("Opphold som startet i perioden: antall dager fra ankomst til boligkartleggingen ble fullført."),
    )
    figure.tables.append(
        Table(
            _("Nøkkeltall for boligkartlegging"),
            [_("Mål"), _("Verdi")],
            [
                [_("Opphold som startet i perioden"), Num(timing.arrived)],
                [_("Kartlegging fullført"), Num(done.n)],
                [_("Ikke fullført ennå"), Num(timing.not_completed)],
                [_("Gjennomsnitt, dager"), days(done.mean)],
                [_("Median, dager"), days(done.median)],
            ],
        )
    )
    if not timing.arrived:
        figure.empty = _("Ingen opphold startet i perioden.")
        return figure
    rows, whole = _distribution_rows(done, statistics.ASSESSMENT_BANDS, [(_("Ikke fullført"), timing.not_completed)])
    figure.tables.append(
        Table(
            _("Opphold etter antall dager til kartlegging"),
            [_("Dager"), _("Opphold"), _("Andel")],
            [[label, Num(n), pct(n, whole)] for label, n in rows],
        )
    )
    figure.add_chart(
        charts.bar_chart(
            key="chart-kartlegging",
            title=figure.title,
            description=_(
                "Liggende stolper, én per gruppe av dager fra ankomst til kartlegging. "
                "Median %(median)s dager, %(n)s kartlagt, %(missing)s ikke fullført."
            )
            % {"median": charts.number(done.median, 1), "n": done.n, "missing": timing.not_completed},
            categories=[charts.Category(label, (n,), str(n)) for label, n in rows],
        )
    )
    return figure


AGENCY_LABELS = {Agency.NAV: _lazy("NAV"), Agency.HOUSING_OFFICE: _lazy("Boligkontoret")}


def agency_figure(scope: Scope) -> Figure:
    timings = statistics.agency_timing(scope)
    figure = Figure(
        key="varsling",
        title=_("Dager fra behov for ny bolig til NAV og boligkontoret ble varslet"),
        intro=_(
            "Opphold som startet i perioden der kartleggingen viste at ny bolig trengs. Behovet regnes som "
            "kjent den dagen kartleggingen ble fullført; varsel sendt før det teller som 0 dager."
        ),
    )
    figure.tables.append(
        Table(
            _("Nøkkeltall for varsling"),
            [_("Til"), _("Trengte ny bolig"), _("Varslet"), _("Ikke varslet"), _("Gjennomsnitt, dager"), _("Median")],
            [
                [
                    str(AGENCY_LABELS[t.agency]),
                    Num(t.needing),
                    Num(t.told.n),
                    Num(t.not_told),
                    days(t.told.mean),
                    days(t.told.median),
                ]
                for t in timings
            ],
        )
    )
    if not timings[0].needing:
        figure.empty = _("Ingen opphold i perioden med fullført kartlegging som viste behov for ny bolig.")
        return figure
    per_agency = [
        _distribution_rows(t.told, statistics.AGENCY_BANDS, [(_("Ikke varslet"), t.not_told)])[0] for t in timings
    ]
    labels = [label for label, _n in per_agency[0]]
    figure.tables.append(
        Table(
            _("Opphold etter antall dager til varsel"),
            [_("Dager"), *[str(AGENCY_LABELS[t.agency]) for t in timings]],
            [[label, *[Num(rows[i][1]) for rows in per_agency]] for i, label in enumerate(labels)],
        )
    )
    legend = charts.series(*[str(AGENCY_LABELS[t.agency]) for t in timings])
    figure.add_chart(
        charts.bar_chart(
            key="chart-varsling",
            title=figure.title,
            description=_(
                "Liggende stolper i par, heltrukket for NAV og skravert for boligkontoret, én gruppe per antall "
                "dager. Median til NAV %(nav)s dager, til boligkontoret %(office)s dager."
            )
            % {"nav": charts.number(timings[0].told.median, 1), "office": charts.number(timings[1].told.median, 1)},
            categories=[
                charts.Category(label, tuple(rows[i][1] for rows in per_agency), "") for i, label in enumerate(labels)
            ],
            legend=legend,
        )
    )
    return figure


def length_of_stay_figure(scope: Scope) -> Figure:
    stay_days = statistics.length_of_stay(scope)
    figure = Figure(
        key="botid",
        title=_("Botid"),
        intro=_("Opphold som ble avsluttet i perioden: antall dager fra ankomst til utflytting."),
    )
    figure.tables.append(
        Table(
            _("Nøkkeltall for botid"),
            [_("Mål"), _("Verdi")],
            [
                [_("Avsluttede opphold"), Num(stay_days.n)],
                [_("Gjennomsnitt, dager"), days(stay_days.mean)],
                [_("Median, dager"), days(stay_days.median)],
            ],
        )
    )
    if not stay_days.n:
        figure.empty = _("Ingen opphold ble avsluttet i perioden.")
        return figure
    rows = stay_days.band_counts(statistics.LENGTH_OF_STAY_BANDS)
    figure.tables.append(
        Table(
            _("Avsluttede opphold etter botid"),
            [_("Dager"), _("Opphold"), _("Andel")],
            [[band.label, Num(n), pct(n, stay_days.n)] for band, n in rows],
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
                "mean": charts.number(stay_days.mean, 1),
                "median": charts.number(stay_days.median, 1),
                "n": stay_days.n,
            },
            categories=[
                charts.Category(
                    band.label, (n,), f"{n} ({pct(n, stay_days.n)})" if n else "0"
                )  # the share helps compare years of different size
                for band, n in rows
            ],
        )
    )
    return figure


def _cause_label(cause: str) -> str:
    return str(WaitCause(cause).label) if cause in WaitCause.values else _("Ingen årsak oppgitt")


def ready_figure(scope: Scope) -> Figure:
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
    present = [cause for cause in order if cause in by_cause]
    everyone = Distribution.of((d, n) for dist in by_cause.values() for d, n in dist.counts.items())
    rows = [
        [_cause_label(cause), Num(dist.n), Num(dist.total_days), days(dist.mean), days(dist.median)]
        for cause in present
        for dist in [by_cause[cause]]
    ]
    rows.append(
        [_("Alle årsaker"), Num(everyone.n), Num(everyone.total_days), days(everyone.mean), days(everyone.median)]
    )
    figure.tables.append(
        Table(
            _("Venting etter årsak"),
            [_("Årsak"), _("Opphold"), _("Dager i alt"), _("Gjennomsnitt, dager"), _("Median, dager")],
            rows,
        )
    )
    if not everyone.n:
        figure.empty = _("Ingen avsluttede opphold i perioden har dato for klar til å flytte.")
        return figure
    figure.add_chart(
        charts.bar_chart(
            key="chart-venting",
            title=figure.title,
            description=_(
                "Liggende stolper med gjennomsnittlig antall dager fra klar til å flytte til utflytting, "
                "én per årsak. I alt %(total)s dager for %(n)s opphold."
            )
            % {"total": everyone.total_days, "n": everyone.n},
            categories=[
                charts.Category(
                    _cause_label(cause),
                    (by_cause[cause].mean or 0,),
                    _("snitt %(mean)s (n = %(n)s)")
                    % {"mean": charts.number(by_cause[cause].mean, 1), "n": by_cause[cause].n},
                )
                for cause in present
            ],
        )
    )
    return figure


def destinations_figure(scope: Scope) -> Figure:
    dest = statistics.destinations(scope)
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


def _median_text(days_value: int | None) -> Num:
    return Num(days_value, missing=_("ikke nådd"))


def time_to_home_figure(scope: Scope, observations=None) -> Figure:
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


def time_to_home_municipality_figure(scope: Scope, observations=None) -> Figure:
    observations = observations if observations is not None else statistics.time_to_home_observations(scope)
    min_n = statistics.km_min_n()
    rows = statistics.survival_by_municipality(observations, min_n=min_n)
    figure = Figure(
        key="tid-til-bolig-kommune",
        title=_("Tid til bolig per kommune"),
        intro=_(
            "Som over, fordelt på kommunen der beboeren bodde før. Kommuner med færre enn %(n)s i et spor "
            "er slått sammen, fordi en median av så få sier lite."
        )
        % {"n": min_n},
    )

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


def children_figure(scope: Scope) -> Figure:
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
    figure.tables.append(
        Table(
            _("Nøkkeltall for barna"),
            [_("Mål"), _("Verdi")],
            [
                [_("Barn som flyttet ut"), Num(n)],
                [_("Flyttinger per barn, gjennomsnitt"), Num(moves.moves.mean, 1)],
                [_("Flyttinger per barn, median"), Num(moves.moves.median, 1)],
                [_("Bytter av barnehage/skole per barn, gjennomsnitt"), Num(moves.school_changes.mean, 1)],
                [_("Byttet barnehage/skole ved utflyttingen"), pct(moves.changed_school_at_departure, n)],
            ],
        )
    )
    if not n:
        figure.empty = _("Ingen barn flyttet ut i perioden.")
        return figure
    groups = [
        (_("1 flytting"), 1, 1),
        (_("2 flyttinger"), 2, 2),
        (_("3 flyttinger"), 3, 3),
        (_("4 eller flere"), 4, None),
    ]
    counted = [
        (
            label,
            sum(c for moves_n, c in moves.moves.counts.items() if moves_n >= low and (high is None or moves_n <= high)),
        )
        for label, low, high in groups
    ]
    figure.tables.append(
        Table(
            _("Barn etter antall flyttinger"),
            [_("Flyttinger"), _("Barn"), _("Andel")],
            [[label, Num(count), pct(count, n)] for label, count in counted],
        )
    )
    figure.add_chart(
        charts.bar_chart(
            key="chart-barn",
            title=figure.title,
            description=_("Liggende stolper med antall barn etter hvor mange flyttinger de har hatt: %(summary)s.")
            % {"summary": "; ".join(f"{label} {count}" for label, count in counted)},
            categories=[charts.Category(str(label), (count,), str(count)) for label, count in counted],
        )
    )
    return figure


Builder = Callable[[Scope], Figure]

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


def all_figures(scope: Scope, counts: statistics.StayCounts | None = None) -> list[Figure]:
    """Every figure. Shared inputs are fetched once: the stay counts (also used for the page's
    notices) and the time-to-home observations behind the two Kaplan–Meier figures."""
    counts = counts or statistics.stay_counts(scope)
    observations = statistics.time_to_home_observations(scope)
    result = []
    for key, build in FIGURES.items():
        if key == "opphold":
            result.append(build(scope, counts))
        elif key in {"tid-til-bolig", "tid-til-bolig-kommune"}:
            result.append(build(scope, observations))
        else:
            result.append(build(scope))
    return result


def figure(scope: Scope, key: str) -> Figure | None:
    build = FIGURES.get(key)
    return build(scope) if build else None


def dashboard_context(scope: Scope) -> dict:
    """Every figure, plus what to say when the period is empty or too thin to say much."""
    counts = statistics.stay_counts(scope)
    built = all_figures(scope, counts)
    notices = []
    if not counts.shelter_has_stays:
        notices.append(_("Senteret har ingen registrerte opphold ennå, så det er ingen tall å vise."))
    elif counts.stays == 0:
        notices.append(_("Det er ingen opphold i denne perioden. Velg en annen periode."))
    elif counts.stays == 1:
        notices.append(
            _("Det er bare ett opphold i denne perioden. Tallene viser dette ene oppholdet og sier lite generelt.")
        )
    return {"figures": built, "counts": counts, "notices": notices}
