"""Writes to shelters and memberships, each with its audit row in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Shelter
from .writes import update_record


@transaction.atomic
def shelter_update_settings(
    *,
    actor,
    shelter: Shelter,
    assessment_due_days: int,
    around_the_clock: bool | None = None,
    working_hours: tuple[int, int] | None = None,
    municipal_login: bool | None = None,
    expected_version: int | None = None,
) -> Shelter:
    """Save the shelter's settings. around_the_clock None leaves the staffing as it is; working
    hours are [start, end) in whole local hours and kept when the shelter is staffed around the
    clock, so switching back brings them again. municipal_login None leaves the municipal sign-in
    (ADR 0023) as it is."""
    changes: dict = {"assessment_due_days": assessment_due_days}
    if around_the_clock is not None:
        changes["around_the_clock"] = around_the_clock
    if municipal_login is not None:
        changes["municipal_login"] = municipal_login
    if working_hours is not None:
        start, end = working_hours
        if not 0 <= start < end <= 24:
            raise ValidationError({"working_hours_end": _("Arbeidstiden må slutte etter at den begynner.")})
        changes |= {"working_hours_start": start, "working_hours_end": end}
    shelter, _changed = update_record(
        actor=actor,
        record=shelter,
        changes=changes,
        action="shelter.settings_changed",
        expected_version=expected_version,
        fields_if_unchanged=["assessment_due_days"],
    )
    return shelter
