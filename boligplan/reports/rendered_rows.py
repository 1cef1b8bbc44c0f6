"""The overview's rows, rendered and kept per stay, so the first overview after a write builds only
the rows that write touched (ADR 0031).

The page itself is cached under the shelter's data version (ADR 0029), which every write moves;
its first render after a write used to build every resident's row again, so it grew with the
residents. Each row is now kept under its stay's own row version, which only a write that names
the stay moves, and under the shelter's shared version, which a write that names no stay (a
setting, a member of staff) moves. Both live in the database and move in the write's own
transaction (core/dataversion.bump), so two app servers agree. The day and the language are in
the key too: a row holds "days since arrival", what is late today, and translated labels.

All rows of a shelter are one cache entry (not one per row, which would crowd the cache's
entries out): read, rows added or replaced, rows of stays no longer current dropped, written back.
Two requests that do this at once can only drop each other's additions, never keep a stale row:
a row is used only when the version it was kept under is the stay's version now, and it was built
after that version was read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.translation import get_language

from boligplan.core.dataversion import CACHE_ALIAS, ROW_VERSION_FIELD, TIMEOUT_SECONDS
from boligplan.core.reminders import Reminder
from boligplan.residents.access import stays_visible_to

from .selectors import AssessmentStatus, overview_rows_for


@dataclass(frozen=True)
class RenderedRow:
    """One resident's row as HTML, and what the alert at the top of the overview counts."""

    row_version: int  # the stay's row version the row was built after
    html: str  # safe: rendered by the template engine, which escaped every value
    agency_alarm: bool
    appeal_reminder: bool
    children_uninformed: bool
    assessment_overdue: bool
    reminders: tuple[Reminder, ...]


def rendered_rows(user, membership, *, today: datetime.date) -> list[RenderedRow]:
    """Every current resident's row of the caller's shelter, longest stay first."""
    stays = stays_visible_to(user).current()  # checks the capability before anything is read
    listing = list(stays.order_by("arrival_date", "created_at").values_list("pk", ROW_VERSION_FIELD))
    shelter = membership.shelter  # read with the account at the start of the request
    key = f"overview-row-html:{shelter.pk}:{shelter.shared_version}:{get_language() or ''}:{today}"
    cache = caches[CACHE_ALIAS]
    kept: dict = cache.get(key) or {}
    missing = [pk for pk, version in listing if getattr(kept.get(pk), "row_version", None) != version]
    if missing:
        versions = dict(listing)
        for pk in missing:  # a stay that left before its row was built again must not keep its old row
            kept.pop(pk, None)
        for row in overview_rows_for(stays.filter(pk__in=missing), today=today):
            kept[row.stay.pk] = _rendered(row, versions[row.stay.pk])
        kept = {pk: kept[pk] for pk in versions if pk in kept}  # stays no longer current drop out
        cache.set(key, kept, TIMEOUT_SECONDS)
    return [kept[pk] for pk, _version in listing if pk in kept]


def _rendered(row, row_version: int) -> RenderedRow:
    return RenderedRow(
        row_version=row_version,
        html=render_to_string("reports/_overview_row.html", {"row": row}),
        agency_alarm=row.agency_alarm,
        appeal_reminder=row.appeal_reminder,
        children_uninformed=row.children_uninformed,
        assessment_overdue=row.assessment_status == AssessmentStatus.OVERDUE,
        reminders=row.reminders,
    )
