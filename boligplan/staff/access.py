"""Who may see and change staff accounts.

- A leader (the MANAGE_STAFF capability) manages the accounts of her own shelter. Another
  shelter's account and a missing one give the same 404; a role without the capability gets 403
  before anything is looked up.
- The national operator (driftsansvarlig) has no membership: she creates shelters and their
  first leader and sees staff lists and the audit of staff changes. Everyone else gets 404 on
  her pages, so they do not even confirm that such pages exist.
"""

from django.http import Http404

from boligplan.core.access import require_capability
from boligplan.core.models import Membership, Shelter
from boligplan.core.roles import Capability

from .people import is_operator


def require_staff_manager(user) -> Membership:
    return require_capability(user, Capability.MANAGE_STAFF)


def get_member_for_manager(user, user_id) -> Membership:
    """A membership of the leader's own shelter, by its account's id."""
    manager = require_staff_manager(user)
    try:
        found = (
            Membership.objects.select_related("user", "shelter")
            .filter(shelter_id=manager.shelter_id, user_id=user_id)
            .first()
        )
    except (ValueError, TypeError):
        found = None
    if found is None:
        raise Http404
    return found


def require_operator(user) -> None:
    if not is_operator(user):
        raise Http404


def get_shelter_for_operator(user, shelter_id) -> Shelter:
    require_operator(user)
    found = Shelter.objects.filter(pk=shelter_id).first()
    if found is None:
        raise Http404
    return found
