"""Every read of residents, stays and notes goes through here.

Another shelter's stay and a stay that does not exist give the same 404. A capability is
checked before anything is looked up, so a role that may not see people learns nothing from
the answer.
"""

from django.http import Http404

from boligplan.core.access import active_staff_with, membership_for, require_capability
from boligplan.core.roles import Capability

from .models import JournalNote, Resident, Stay


def stays_visible_to(user):
    membership = require_capability(user, Capability.VIEW_CASES)
    return Stay.objects.filter(shelter_id=membership.shelter_id)


def stays_for_statistics(user):
    """Stays of the caller's shelter for counting only; callers must never show them per person."""
    membership = require_capability(user, Capability.VIEW_STATISTICS)
    return Stay.objects.filter(shelter_id=membership.shelter_id)


def get_stay_for_user(user, stay_id, *, for_change: bool = False) -> Stay:
    membership = require_capability(user, Capability.EDIT_CASES if for_change else Capability.VIEW_CASES)
    stay = (
        Stay.objects.select_related("resident", "contact_person", "shelter")
        .filter(shelter_id=membership.shelter_id, pk=stay_id)
        .first()
    )
    if stay is None:
        raise Http404
    return stay


def stay_ref_for_user(user, stay_id) -> Stay:
    """The stay as get_stay_for_user checks it, with nothing loaded but its id and shelter: enough
    to audit a read and find a cached page (casepage/page.py), without the joins and decryption."""
    membership = require_capability(user, Capability.VIEW_CASES)
    stay = Stay.objects.only("id", "shelter_id").filter(shelter_id=membership.shelter_id, pk=stay_id).first()
    if stay is None:
        raise Http404
    return stay


def get_resident_for_user(user, resident_id, *, for_change: bool = False) -> Resident:
    membership = require_capability(user, Capability.EDIT_CASES if for_change else Capability.VIEW_CASES)
    resident = Resident.objects.filter(shelter_id=membership.shelter_id, pk=resident_id).first()
    if resident is None:
        raise Http404
    return resident


def notes_visible_to(user, stay: Stay):
    """Journal notes of a stay the caller already got through get_stay_for_user."""
    membership = require_capability(user, Capability.VIEW_JOURNAL)
    return JournalNote.objects.filter(shelter_id=membership.shelter_id, stay=stay).select_related("author")


def can_read_journal(user) -> bool:
    membership = membership_for(user)
    return bool(membership and membership.can(Capability.VIEW_JOURNAL))


def staff_of_shelter(user):
    """Active staff accounts at the caller's shelter who can take a case (contact persons, assignees)."""
    membership = require_capability(user, Capability.VIEW_CASES)
    return active_staff_with(membership.shelter_id, Capability.EDIT_CASES)
