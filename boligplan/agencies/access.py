"""Who may read and change a shelter's agency directory.

Reading: everyone who works with residents or children (the directory holds offices' public
contact details, no one's case). The statistics-only role gets 403. Changing: the leader
(MANAGE_SHELTER) only. Another shelter's agency and a missing id give the same 404, and national
services, shared by every shelter, are not changed from a shelter's pages (404 as well).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from boligplan.core.access import membership_for, require_capability
from boligplan.core.models import Membership
from boligplan.core.roles import Capability

from .models import Agency


def may_read_directory(membership: Membership | None) -> bool:
    # Public office details: for everyone who works with the families (not the statistics role).
    return bool(membership and membership.can_any(Capability.VIEW_CASES, Capability.VIEW_FOLLOWED_CHILDREN))


def require_directory_reader(user) -> Membership:
    membership = membership_for(user)
    if membership is None:
        raise Http404
    if not may_read_directory(membership):
        raise PermissionDenied
    return membership


def require_directory_manager(user) -> Membership:
    return require_capability(user, Capability.MANAGE_SHELTER)


def get_agency_for_user(user, agency_id, *, for_change: bool = False) -> Agency:
    """One of the user's shelter's own agencies. National services are read in the directory only."""
    membership = require_directory_manager(user) if for_change else require_directory_reader(user)
    agency = (
        Agency.objects.select_related("municipality").filter(shelter_id=membership.shelter_id, pk=agency_id).first()
    )
    if agency is None:
        raise Http404
    return agency
