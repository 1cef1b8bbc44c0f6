"""Figures about where residents moved, in our categories and in the national ones."""

from __future__ import annotations

from django.utils.translation import gettext as _

from boligplan.residents.choices import Destination, Permanence

from .. import charts
from .. import national_mapping as mapping
from ..disclosure import EXACT, Policy
from ..queries.scope import Scope
from ..queries.stays import Destinations, destinations
from .base import Figure, Num, Table, bar_categories, count, pct, share_rows, too_few


def destinations_figure(scope: Scope, policy: Policy = EXACT) -> Figure:
    dest = destinations(scope)
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


def national_destination_counts(dest: Destinations) -> list[int]:
    """Stays per national destination category, in the report's order (one classification for
    everything that leaves the shelter: a finer one beside it could be subtracted from it)."""
    by_code: dict[str, int] = {}
    for (destination, _permanence), n in dest.counts.items():
        code = mapping.DESTINATION.get(destination, mapping.UNKNOWN).code
        by_code[code] = by_code.get(code, 0) + n
    return [by_code.get(c.code, 0) for c in mapping.DESTINATION_ORDER]


def national_permanence_counts(dest: Destinations) -> list[int]:
    return [dest.with_permanence(value) for value in mapping.PERMANENCE]


def _national_destinations_figure(dest: Destinations, policy: Policy) -> Figure:
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
            share_rows(zip(labels, places, strict=True), total, policy),
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
            categories=bar_categories(zip(labels, places, strict=True), policy),
        )
    )
    return figure
