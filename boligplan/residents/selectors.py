"""Read models for resident pages. Each builds its part with a fixed number of queries."""

import datetime

from boligplan.core.access import require_capability
from boligplan.core.roles import Capability

# The resident's page itself is put together above every app (boligplan/casepage/); which part it
# opens for a visit from another page is the registry's answer, importable here as before.
from boligplan.core.sections import part_from_referer  # noqa: F401

from . import access
from .addresses import address_view
from .models import Stay

# The resident's page shows this many journal notes; the journal's own page shows them all, in pages.
RECENT_NOTES = 5
NOTES_PER_PAGE = 25


def journal_context(user, stay, *, today: datetime.date, page: dict) -> dict:
    """The journal's part of the resident's page: the latest notes (None: may not read them)."""
    notes = list(access.notes_visible_to(user, stay)[: RECENT_NOTES + 1]) if access.can_read_journal(user) else None
    return {
        # The latest notes; "vis alle" leads to the journal's own page, in pages.
        "notes": notes[:RECENT_NOTES] if notes is not None else None,
        "more_notes": notes is not None and len(notes) > RECENT_NOTES,
    }


def move_facts(user, stay: Stay) -> dict:
    """The resident's side of "Flytting og etter": the new home's address as it may be shown, and
    the resident's other stays."""
    other_stays = list(resident_stays(user, stay.resident).exclude(pk=stay.pk))
    return {
        "address_view": address_view(stay),
        "other_stays": other_stays,
        "has_open_stay": stay.is_current or any(other.is_current for other in other_stays),
    }


def notes_page(user, stay, *, page: int):
    """One page of the stay's journal, newest first (two queries: the count and the page)."""
    from django.core.paginator import Paginator

    paginator = Paginator(access.notes_visible_to(user, stay), NOTES_PER_PAGE)
    return paginator.get_page(page)


def resident_stays(user, resident):
    return access.stays_visible_to(user).filter(resident=resident).order_by("-arrival_date")


def search_stays(user, text: str, *, ended_only: bool = False) -> tuple[list, bool]:
    """Stays of the caller's shelter whose resident fits `text` (residents/search.py), newest
    first: (stays, too_many). Current and earlier stays alike, unless `ended_only`.

    Two queries, however many residents the shelter has had: the shelter's names (decrypted
    here, since the database cannot compare them) and the matching stays.
    """
    from .models import Resident
    from .search import MAX_MATCHES, Query, matching_resident_ids

    query = Query.parse(text)
    visible = access.stays_visible_to(user)
    if query.empty:
        return [], False
    shelter_id = require_capability(user, Capability.VIEW_CASES).shelter_id
    residents = Resident.objects.filter(shelter_id=shelter_id).values_list("id", "display_name", "birth_year")
    ids = matching_resident_ids(residents.iterator(chunk_size=2000), query)
    too_many = len(ids) > MAX_MATCHES
    stays = visible.filter(resident_id__in=ids[:MAX_MATCHES])
    if ended_only:
        stays = stays.ended()
    stays = stays.select_related("resident", "contact_person")

    # Current stays first (no departure), then the most recently ended.
    def newest_first(stay):
        return (stay.departure_date is not None, -(stay.departure_date or stay.arrival_date).toordinal())

    return sorted(stays, key=newest_first), too_many


def earlier_stays(user):
    return (
        access.stays_visible_to(user)
        .ended()
        .select_related("resident", "contact_person")
        .order_by("-departure_date", "-arrival_date")
    )
