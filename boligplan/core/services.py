"""Writes to shelters and memberships, each with its audit row in the same transaction."""

from django.db import transaction

from boligplan.audit.services import audit_record

from .concurrency import update_versioned
from .models import Shelter


@transaction.atomic
def shelter_update_settings(
    *, actor, shelter: Shelter, assessment_due_days: int, expected_version: int | None = None
) -> Shelter:
    shelter = update_versioned(
        shelter, expected_version=expected_version, changes={"assessment_due_days": assessment_due_days}
    )
    audit_record(
        actor=actor,
        action="shelter.settings_changed",
        obj=shelter,
        shelter_id=shelter.pk,
        fields=["assessment_due_days"],
    )
    return shelter
