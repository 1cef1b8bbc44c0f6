"""Who may see what the audit log knows: the shelter's leader, for their own shelter only."""

from boligplan.core.access import require_capability
from boligplan.core.models import Membership
from boligplan.core.roles import Capability
from boligplan.residents.access import get_resident_for_user
from boligplan.residents.models import Resident


def require_leader(user) -> Membership:
    """The leader's membership; 403 for every other role (asked before any lookup)."""
    return require_capability(user, Capability.MANAGE_SHELTER)


def get_resident_for_access_report(user, resident_id) -> Resident:
    """A resident of the leader's own shelter; another shelter's and a missing one give the same 404."""
    require_leader(user)
    return get_resident_for_user(user, resident_id)
