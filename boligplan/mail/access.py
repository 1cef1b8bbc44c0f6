"""Who may have the morning digest: staff whose role sees the work queue (worklist/views.py)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from boligplan.core.access import membership_for
from boligplan.core.roles import SEES_CHILDREN


def can_have_digest(user) -> bool:
    membership = membership_for(user)
    return membership is not None and membership.can_any(*SEES_CHILDREN)


def require_digest_reader(user):
    membership = membership_for(user)
    if membership is None:
        raise Http404
    if not membership.can_any(*SEES_CHILDREN):
        raise PermissionDenied
    return membership
