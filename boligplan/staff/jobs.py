"""Periodic work for the job runner: invitations whose 72 hours have run out are ended."""

from django.db import transaction
from django.utils import timezone

from boligplan.audit.services import audit_record

from .models import Invitation, InvitationEnd
from .people import user_model


def expire_invitations(now=None) -> dict:
    """End every open invitation past its time, with one audit row each. Idempotent: a second
    run finds nothing open. A link past its time is refused anyway; this makes the staff page and
    the audit say so."""
    now = now or timezone.now()
    expired = 0
    due = Invitation.objects.filter(used_at__isnull=True, ended_at__isnull=True, expires_at__lte=now)
    # One transaction per invitation: a transaction that wrote an audit row holds the audit
    # chain's lock until it ends, and must not then wait for another shelter's row, which a
    # write in that shelter holds while it waits for the chain (ADR 0031, lock order).
    for pk, shelter_id, user_id in list(due.values_list("pk", "shelter_id", "user_id")):
        with transaction.atomic():
            changed = Invitation.objects.filter(pk=pk, used_at__isnull=True, ended_at__isnull=True).update(
                ended_at=now, end_reason=InvitationEnd.EXPIRED
            )
            if changed:
                expired += 1
                audit_record(
                    actor=None, action="staff.invitation_expired", obj=user_model()(pk=user_id), shelter_id=shelter_id
                )
    return {"expired": expired}
