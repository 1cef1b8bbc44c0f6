"""What a search shows for each stay it found: for a current stay the overview's own row (days,
assessment, NAV and the housing office, the next task and its reminders), for an earlier one
the dates and where the resident moved."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchRow:
    stay: object
    overview: object = None  # reports.selectors.OverviewRow for a current stay


def search_rows(user, stays, *, today: datetime.date) -> list[SearchRow]:
    # The overview's read model is composed above this app; asked here only for the stays found.
    from boligplan.reports.selectors import overview_rows_for

    current_ids = [stay.pk for stay in stays if stay.is_current]
    overview = {}
    if current_ids:
        from .access import stays_visible_to

        rows = overview_rows_for(stays_visible_to(user).filter(pk__in=current_ids), today=today)
        overview = {row.stay.pk: row for row in rows}
    return [SearchRow(stay=stay, overview=overview.get(stay.pk)) for stay in stays]
