"""Who is acting, for which shelter, with which capabilities.

Every access function for case data starts here. A user without a membership, or an inactive
one, has no shelter and therefore sees nothing. The national operator (driftsansvarlig,
User.is_operator) never has a shelter here, even if a membership row were added by mistake: the
operator runs the instance and never sees case data.
"""

from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership
from .roles import Capability, roles_with

User = AbstractBaseUser | AnonymousUser


def membership_for(user: User) -> Membership | None:
    if not user.is_authenticated or not user.is_active or getattr(user, "is_operator", False):
        return None
    # Cached on the user object so one request asks the database once.
    cached = cast(Any, user)  # the cache is an attribute of our own on the user object
    if not hasattr(cached, "_boligplan_membership"):
        loaded = getattr(cached, "_state", None) and cached._state.fields_cache
        if loaded and "membership" in loaded:  # read with the account (accounts/fastpath.py)
            cached._boligplan_membership = loaded["membership"]
        else:
            cached._boligplan_membership = Membership.objects.select_related("shelter").filter(user=cached).first()
    return cached._boligplan_membership


def active_staff_with(shelter_id, capability: str):
    """The shelter's active staff accounts whose role carries `capability`, by name: whom a form
    offers as a case's contact person or assignee, or a child's."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            membership__shelter_id=shelter_id,
            membership__role__in=roles_with(capability),
        )
        .order_by("full_name", "username")
    )


def require_capability(user: User, capability: str, *, hide: bool = False) -> Membership:
    """The user's membership if it carries the capability.

    hide=True answers 404 instead of 403, for reads where even the existence of a page about a
    person must not be confirmed to someone who may not see people at all.
    """
    membership = membership_for(user)
    if membership is None:
        raise Http404
    if not membership.can(capability):
        if hide:
            raise Http404
        raise PermissionDenied
    return membership


def case_shelter_id(user: User, *, for_change: bool = False):
    """The caller's shelter, if they may read case data (or change it, with for_change)."""
    return require_capability(user, Capability.EDIT_CASES if for_change else Capability.VIEW_CASES).shelter_id


def get_case_object(queryset, user: User, pk, *, for_change: bool = False):
    """One row of `queryset` by id within the caller's shelter.

    Another shelter's row and a missing one give the same 404; a role without the capability gets
    403 before anything is looked up.
    """
    found = queryset.filter(shelter_id=case_shelter_id(user, for_change=for_change), pk=pk).first()
    if found is None:
        raise Http404
    return found
