"""Every write to the follow-up after the stay: one transaction each, with its audit row inside it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from boligplan.core.writes import audit_stay, save_case_record, update_record
from boligplan.residents.models import Stay

from . import rules
from .models import FollowUpContact, FollowUpPlan


def _stored_stay(stay) -> Stay:
    # Decide on the stored row: the caller's object may predate a departure saved meanwhile.
    return Stay.objects.get(pk=stay.pk)


@transaction.atomic
def followup_plan_save(
    *, actor, stay: Stay, values: dict, today: datetime.date, expected_version: int | None = None
) -> FollowUpPlan:
    """Create the stay's plan, or update it. Allowed before the move (planning) and after it.

    Raises ValidationError for impossible dates, EditConflict when someone else saved the plan after
    `expected_version` was loaded (or wrote the first plan at the same moment).
    """
    if errors := rules.plan_date_errors(_stored_stay(stay), values, today):
        raise ValidationError(errors)
    plan, _changed = save_case_record(
        actor=actor,
        model=FollowUpPlan,
        stay=stay,
        values=values,
        action="followup_plan.saved",
        expected_version=expected_version,
        stored=FollowUpPlan.objects.filter(stay=stay).first(),
        on_create={"created_by": actor},
    )
    return plan


@transaction.atomic
def followup_contact_record(*, actor, stay: Stay, values: dict, today: datetime.date) -> FollowUpContact:
    """Record a contact after the move; `next_follow_up_on` in `values` moves the plan's next date too.

    The contact and the plan's new date are saved together or not at all. Without a plan, the date
    starts one: the next contact is the first thing a plan must say.
    """
    values = dict(values)
    next_on = values.pop("next_follow_up_on", None)
    plan = FollowUpPlan.objects.filter(stay=stay).first()
    errors = rules.contact_date_errors(
        _stored_stay(stay), values.get("contacted_on"), next_on, today, ends_on=plan.ends_on if plan else None
    )
    if errors:
        raise ValidationError(errors)
    contact = FollowUpContact.objects.create(shelter_id=stay.shelter_id, stay=stay, by=actor, **values)
    fields = ["contacted_on", "kind", "with_children"] + (["note"] if values.get("note") else [])
    audit_stay(actor, "followup_contact.recorded", contact, stay, fields)
    if next_on is not None:
        _set_next_follow_up(actor, stay, plan, next_on)
    return contact


def _set_next_follow_up(actor, stay: Stay, plan: FollowUpPlan | None, next_on: datetime.date) -> FollowUpPlan:
    """Move the plan's next date (or start a plan with it), with the plan's audit row."""
    if plan is None:
        try:
            with transaction.atomic():
                plan = FollowUpPlan.objects.create(
                    stay=stay, shelter_id=stay.shelter_id, created_by=actor, next_follow_up_on=next_on
                )
        except IntegrityError:  # someone wrote the first plan this very moment: move its date instead
            plan = FollowUpPlan.objects.get(stay=stay)
        else:
            audit_stay(actor, "followup_plan.saved", plan, stay, ["next_follow_up_on"])
            return plan
    # Only this one field changes; bumping the version makes a plan form open elsewhere meet a conflict.
    plan, _changed = update_record(
        actor=actor,
        record=plan,
        changes={"next_follow_up_on": next_on},
        stamps={"updated_at": timezone.now()},  # update() skips auto_now
        action="followup_plan.saved",
        stay=stay,
        audit_fields=["next_follow_up_on"],
    )
    return plan
