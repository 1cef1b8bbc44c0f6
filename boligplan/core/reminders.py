"""Reminders on the overview, gathered from every app that has something due.

Each case-page section (core/sections.py) may give `reminders(stays, *, today)`, usually its
app's `selectors.overview_reminders`; it answers for all current stays at once (a fixed number
of queries, whatever the number of residents) with {stay_id: [Reminder, ...]}. The overview
shows each reminder on the resident's row and counts them by kind in the alert at the top.

A reminder's text is shown to staff who see the case; it never carries an address, and names no
one beyond what the row already shows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from .sections import sections


@dataclass(frozen=True)
class Reminder:
    kind: str  # dotted, e.g. "measure.expiring"; the alert at the top counts by kind
    text: str  # translated, e.g. "Voldsalarm går ut 3. des."
    due: datetime.date | None = None
    summary: str = ""  # the alert line for this kind, e.g. "tiltak går snart ut" (same for every row of a kind)
    danger: bool = True  # shown in red with "!"; False for a quiet note


def reminders_for(stays, *, today: datetime.date) -> dict:
    """{stay_id: [Reminder, ...]} from every section, in the work order (the order they are shown)."""
    gathered: dict = defaultdict(list)
    for section in sections():
        if section.reminders is None:
            continue
        for stay_id, reminders in section.reminders(stays, today=today).items():
            gathered[stay_id].extend(reminders)
    return gathered


def count_by_kind(reminders_by_stay: dict) -> list[tuple[str, int, str]]:
    """[(summary, number of residents with it, kind)] for the alert at the top, in first-seen order.

    The kind lets the alert line link to the work queue filtered to the items behind it.
    """
    counts: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for reminders in reminders_by_stay.values():
        for reminder in {r.summary: r for r in reminders if r.summary}.values():
            counts[reminder.summary] = counts.get(reminder.summary, 0) + 1
            kinds.setdefault(reminder.summary, reminder.kind)
    return [(summary, count, kinds[summary]) for summary, count in counts.items()]
