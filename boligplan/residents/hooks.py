"""What other apps do when a stay ends, inside the departure's own transaction (ADR 0026).

The departure is recorded in this app; the children's moves (children/) and the follow-up task
after a temporary exit (housing/) belong to apps above it. They register a function here from
their AppConfig.ready(), so that this app imports neither. `residents.services.stay_depart`
calls them in `order`, after the stay is saved and before its own audit row; a hook that raises
undoes the whole departure.
"""

from collections.abc import Callable

_ON_DEPARTURE: dict[str, tuple[int, Callable]] = {}


def on_departure(name: str, order: int, hook: Callable) -> None:
    """Register `hook(*, actor, stay, temporary, reason_label)` under `name` (once per name).

    `temporary` says the resident moved to a temporary place; `reason_label` is the reason staff
    gave for it, in words ("ikke oppgitt" when none was given), or "" for a permanent move.
    """
    _ON_DEPARTURE[name] = (order, hook)


def departure_hooks() -> list[tuple[str, Callable]]:
    """The registered hooks, in their order: [(name, hook)]."""
    return [(name, hook) for name, (_, hook) in sorted(_ON_DEPARTURE.items(), key=lambda item: (item[1][0], item[0]))]
