"""The figure about children's moves and school changes."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import charts
from ..disclosure import EXACT, Policy
from ..queries.scope import Scope
from ..queries.stays import child_moves
from .base import Figure, Table, bar_categories, bar_text, count, group_stat, pct, share_rows, too_few

MOVE_GROUPS = [
    (_lazy("1 flytting"), 1, 1),
    (_lazy("2 flyttinger"), 2, 2),
    (_lazy("3 flyttinger"), 3, 3),
    (_lazy("4 eller flere"), 4, None),
]
# A one-way table must cover everyone, or its cells would not add up to the published total.
NO_MOVES = (_lazy("Ingen registrert"), 0, 0)


def children_figure(scope: Scope, policy: Policy = EXACT) -> Figure:
    moves = child_moves(scope)
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
            share_rows(counted, whole, policy),
        )
    )
    figure.add_chart(
        charts.bar_chart(
            key="chart-barn",
            title=figure.title,
            description=_("Liggende stolper med antall barn etter hvor mange flyttinger de har hatt: %(summary)s.")
            % {"summary": "; ".join(f"{label} {bar_text(c, policy)}" for label, c in counted)},
            categories=bar_categories(counted, policy),
        )
    )
    return figure
