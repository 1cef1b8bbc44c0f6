"""Writes about accounts, each with its audit row in the same transaction."""

from django.contrib.auth import get_user_model
from django.db import transaction

from boligplan.audit.services import audit_record
from boligplan.core.access import membership_for


def operator_create(*, actor, username: str, email: str, full_name: str, password: str):
    """Create a national operator (driftsansvarlig): no shelter, no case data, TOTP at first login.

    `actor` is None when the command line creates the very first operator (the audit log shows
    "Systemet"). The password has been checked against AUTH_PASSWORD_VALIDATORS by the caller.
    """
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username, email=email, password=password, full_name=full_name, is_operator=True
        )
        # Account ids are numbers and the log's object column holds UUIDs: the row says what
        # happened and which fields were set, never the values.
        audit_record(actor=actor, action="operator.created", fields=["username", "email", "full_name", "password"])
    return user


def own_setting_set(*, actor, field: str, value, action: str) -> bool:
    """Save one of the actor's own account settings with its audit row; False when it was already so.

    The row is filed under the actor's shelter (none for the operator) and names the field only.
    Call inside the caller's transaction, after the caller's own checks of `value`.
    """
    if getattr(actor, field) == value:
        return False
    setattr(actor, field, value)
    actor.save(update_fields=[field])
    membership = membership_for(actor)
    audit_record(actor=actor, action=action, shelter_id=membership.shelter_id if membership else None, fields=[field])
    return True
