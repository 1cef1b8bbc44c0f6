from .access import membership_for
from .roles import Capability


def current_membership(request):
    membership = membership_for(request.user) if hasattr(request, "user") else None
    return {
        "membership": membership,
        "can_edit": bool(membership and membership.can(Capability.EDIT_CASES)),
        "can_view_cases": bool(membership and membership.can(Capability.VIEW_CASES)),
        "can_see_children": bool(
            membership and (membership.can(Capability.VIEW_CASES) or membership.can(Capability.VIEW_FOLLOWED_CHILDREN))
        ),
        "can_manage_shelter": bool(membership and membership.can(Capability.MANAGE_SHELTER)),
    }
