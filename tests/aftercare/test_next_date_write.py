"""A contact's next date moves the plan through core/writes.update_record: one row naming only
`next_follow_up_on` (never the `updated_at` stamp), and the plan's version moves."""

import datetime

import pytest

from boligplan.aftercare import services
from boligplan.aftercare.models import FollowUpPlan
from boligplan.audit.models import AuditEvent
from boligplan.core.concurrency import EditConflict
from boligplan.residents import services as resident_services

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def departed(make_stay, kari, today):
    stay = make_stay(days_ago=40)
    return resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=today - 5 * DAY, destination="ny_privat_leie", permanence="varig"
    )


def _contact(kari, stay, today, next_on):
    services.followup_contact_record(
        actor=kari,
        stay=stay,
        today=today,
        values={"contacted_on": today, "kind": "telefon", "with_children": False, "next_follow_up_on": next_on},
    )


def test_the_next_date_moves_the_plan_with_one_row_and_a_new_version(departed, kari, today):
    plan = services.followup_plan_save(actor=kari, stay=departed, today=today, values={"coordinating_service": "nav"})
    before = AuditEvent.objects.order_by("-seq").first().seq

    _contact(kari, departed, today, today + 7 * DAY)

    row = AuditEvent.objects.filter(seq__gt=before).order_by("seq").last()
    assert (row.action, row.object_id, row.stay_id, row.fields) == (
        "followup_plan.saved",
        plan.pk,
        departed.pk,
        "next_follow_up_on",
    )
    stored = FollowUpPlan.objects.get(pk=plan.pk)
    assert stored.version == plan.version + 1
    assert stored.next_follow_up_on == today + 7 * DAY
    assert stored.updated_at > plan.updated_at
    # A plan form loaded before the contact now meets a conflict.
    with pytest.raises(EditConflict):
        services.followup_plan_save(
            actor=kari,
            stay=departed,
            today=today,
            values={"coordinating_service": "helse"},
            expected_version=plan.version,
        )


def test_a_first_plan_started_by_a_contact_has_its_row(departed, kari, today):
    before = AuditEvent.objects.order_by("-seq").first().seq
    _contact(kari, departed, today, today + DAY)
    rows = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert [(r.action, r.fields) for r in rows] == [
        ("followup_contact.recorded", "contacted_on,kind,with_children"),
        ("followup_plan.saved", "next_follow_up_on"),
    ]
    assert FollowUpPlan.objects.get(stay=departed).version == 1
