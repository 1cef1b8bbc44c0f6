"""Every read of children's records goes through here.

Staff who see cases see every child at their shelter. The children's contact person
(barnekontakt) sees only the children they follow. A child outside the caller's reach and a
child that does not exist give the same 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from boligplan.core.access import active_staff_with, membership_for
from boligplan.core.roles import Capability

from .models import Child, ChildInformation, ChildMove, ChildWish


def _scope(user):
    """(shelter_id, followed_only) for the caller, or 404/403 if children are not for them."""
    membership = membership_for(user)
    if membership is None:
        raise Http404
    if membership.can(Capability.VIEW_CASES):
        return membership, False
    if membership.can(Capability.VIEW_FOLLOWED_CHILDREN):
        return membership, True
    raise PermissionDenied


def children_visible_to(user):
    membership, followed_only = _scope(user)
    children = Child.objects.filter(shelter_id=membership.shelter_id)
    if followed_only:
        children = children.filter(contact_person=user)
    return children


def get_child_for_user(user, child_id, *, for_change: bool = False) -> Child:
    membership, _ = _scope(user)
    if for_change and not membership.can(Capability.EDIT_CHILDREN):
        raise PermissionDenied
    child = (
        children_visible_to(user)
        .select_related("stay", "stay__resident", "stay__contact_person", "contact_person", "stay__assessment")
        .filter(pk=child_id)
        .first()
    )
    if child is None:
        raise Http404
    return child


def wishes_for(child: Child):
    return ChildWish.objects.filter(shelter_id=child.shelter_id, child=child).select_related("asked_by")


def information_for(child: Child):
    return ChildInformation.objects.filter(shelter_id=child.shelter_id, child=child).select_related("told_by")


def moves_for(child: Child):
    return ChildMove.objects.filter(shelter_id=child.shelter_id, child=child)


def child_contacts_of_shelter(user):
    """Staff who may follow a child: the shelter's children's contact persons, and contact persons."""
    membership, _ = _scope(user)
    return active_staff_with(membership.shelter_id, Capability.EDIT_CHILDREN)
