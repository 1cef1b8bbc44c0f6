"""Who may read the work queue: case staff see every resident's items, the children's contact
person her children's (core/roles.py SEES_CHILDREN). The morning digest (mail/) counts from the
queue, so it goes to the same people."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from boligplan.core.access import membership_for
from boligplan.core.roles import SEES_CHILDREN


def can_read_queue(user) -> bool:
    membership = membership_for(user)
    return membership is not None and membership.can_any(*SEES_CHILDREN)


def require_queue_reader(user):
    """The user's membership if it reads the queue: 404 without one (no shelter), 403 for a role
    that does not."""
    membership = membership_for(user)
    if membership is None:
        raise Http404
    if not membership.can_any(*SEES_CHILDREN):
        raise PermissionDenied
    return membership
