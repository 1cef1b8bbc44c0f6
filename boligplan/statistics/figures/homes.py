"""Figures about time to a home (Kaplan–Meier), by track and by municipality."""

from __future__ import annotations

from django.utils.translation import gettext as _

from boligplan.housing.choices import Track

from .. import charts
from ..disclosure import EXACT, Policy, minimum
from ..queries.homes import (
    HOME_TRACKS,
    Survival,
    km_min_n,
    survival_by_municipality,
    survival_by_track,
    time_to_home_observations,
)
from ..queries.scope import Scope
from .base import Figure, Num, Table, count, population


def _median_text(days_value: int | None) -> Num:
    return Num(days_value, missing=_("ikke nådd"))


def time_to_home_figure(scope: Scope, observations=None, policy: Policy = EXACT) -> Figure:
    observations = observations if observations is not None else time_to_home_observations(scope)
    curves = survival_by_track(observations)
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


def _protected_time_to_home(figure: Figure, curves: list[Survival], policy: Policy) -> Figure:
    """Per track only: how many started (one population per track), got a home or not (a one-way
    table of it) and the median. No curve: each step of a curve is one person's exact wait."""
    figure.intro = _(
        "Spor valgt i perioden, regnet fram til periodens slutt (Kaplan–Meier). Median er dagen da halvparten "
        "hadde fått bolig; de som fortsatt ventet, eller flyttet til noe annet, regnes med."
    )
    by_track = {s.label: s for s in curves}
    rows, bars = [], []
    for track in HOME_TRACKS:
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
    min_n = km_min_n()
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
    observations = observations if observations is not None else time_to_home_observations(scope)
    rows = survival_by_municipality(observations, min_n=min_n)

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
