from .access import membership_for
from .roles import SEES_CHILDREN, Capability


def current_membership(request):
    user = getattr(request, "user", None)
    # Until the second factor is given, the page shows no menu: nothing else is reachable yet.
    verified = bool(user and user.is_authenticated and getattr(user, "is_verified", lambda: False)())
    membership = membership_for(user) if verified and user else None
    return {
        "fully_logged_in": verified,
        "membership": membership,
        "can_edit": bool(membership and membership.can(Capability.EDIT_CASES)),
        "can_view_cases": bool(membership and membership.can(Capability.VIEW_CASES)),
        "can_see_children": bool(membership and membership.can_any(*SEES_CHILDREN)),
        "can_manage_shelter": bool(membership and membership.can(Capability.MANAGE_SHELTER)),
    }
