"""Figures about stays: counts, assessment, agencies told, length of stay, ready to departure."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boligplan.housing.choices import Agency
from boligplan.residents.choices import WaitCause

from .. import charts
from ..disclosure import EXACT, Policy, minimum
from ..queries.scope import AGENCY_BANDS, ASSESSMENT_BANDS, LENGTH_OF_STAY_BANDS, Distribution, Scope
from ..queries.stays import (
    StayCounts,
    agency_timing,
    assessment_timing,
    length_of_stay,
    ready_to_departure,
    stay_counts,
)
from .base import Figure, Num, Table, bar_categories, bar_text, count, group_stat, pct, population, share_rows, too_few

# --- Builders -----------------------------------------------------------------------------------
#
# Each builder takes the policy. With EXACT it shows what it always did; with PROTECTED every
# count is published once (policy.total for a population, policy.breakdown for a one-way table of
# it, all categories listed whether empty or not), shares and derived numbers are computed from
# those, and nothing finer than a one-way table (no cross tables, no curve points, no municipality)
# is shown.


def stays_figure(scope: Scope, counts: StayCounts | None = None, policy: Policy = EXACT) -> Figure:
    counts = counts or stay_counts(scope)
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
    timing = assessment_timing(scope)
    done = timing.completed
    figure = Figure(
        key="kartlegging",
        title=_("Dager fra ankomst til boligkartlegging"),
        intro=_("Opphold som startet i perioden: antall dager fra ankomst til boligkartleggingen ble fullført."),
    )
    rows, whole = _band_table(done, ASSESSMENT_BANDS, [(_("Ikke fullført"), timing.not_completed)], policy)
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
            share_rows(rows, whole, policy),
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
            categories=bar_categories(rows, policy),
        )
    )
    return figure


AGENCY_LABELS = {Agency.NAV: _lazy("Nav"), Agency.HOUSING_OFFICE: _lazy("Boligkontoret")}


def agency_figure(scope: Scope, policy: Policy = EXACT) -> Figure:
    timings = agency_timing(scope)
    figure = Figure(
        key="varsling",
        title=_("Dager fra behov for ny bolig til henvendelse til Nav og boligkontoret"),
        intro=_(
            "Opphold som startet i perioden der kartleggingen viste at ny bolig trengs. Behovet regnes som "
            "kjent den dagen kartleggingen ble fullført; varsel sendt før det teller som 0 dager."
        ),
    )
    # Each agency is its own one-way table of the same population (those needing a new home).
    per_agency = [_band_table(t.told, AGENCY_BANDS, [(_("Ikke varslet"), t.not_told)], policy) for t in timings]
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
    stay_days = length_of_stay(scope)
    figure = Figure(
        key="botid",
        title=_("Botid"),
        intro=_("Opphold som ble avsluttet i perioden: antall dager fra ankomst til utflytting."),
    )
    rows, whole = _band_table(stay_days, LENGTH_OF_STAY_BANDS, [], policy)
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
            share_rows(rows, whole, policy),
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
    by_cause = ready_to_departure(scope)
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
