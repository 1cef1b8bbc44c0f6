"""Writes about accounts, each with its audit row in the same transaction."""

from django.contrib.auth import get_user_model
from django.db import transaction

from boligplan.audit.services import audit_record


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
