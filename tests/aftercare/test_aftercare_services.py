"""The plan for after the stay and the follow-up contacts: the services, what they refuse, and their
audit rows."""

import pytest
from django.core.exceptions import ValidationError

from boligplan.aftercare import services
from boligplan.aftercare.models import FollowUpContact, FollowUpPlan
from boligplan.audit.models import AuditEvent
from boligplan.core.concurrency import EditConflict
from boligplan.residents.models import Stay
from tests.aftercare.helpers import DAY, depart, new_rows
from tests.helpers import data_counts

# --- Services and their audit rows ------------------------------------------------------------


def test_plan_create_and_update_write_one_audit_row_each(departed, kari, today):
    before = AuditEvent.objects.count()

    plan = services.followup_plan_save(
        actor=kari,
        stay=departed,
        today=today,
        values={"coordinating_service": "nav", "offers_phone": True, "other_services": "Familievernet"},
    )

    (row,) = new_rows(before)
    assert (row.action, row.object_id, row.stay_id) == ("followup_plan.saved", plan.pk, departed.pk)
    assert row.fields == "coordinating_service,offers_phone,other_services"
    assert "Familievernet" not in str(row.__dict__)  # field names only, never the text

    before = AuditEvent.objects.count()
    updated = services.followup_plan_save(
        actor=kari,
        stay=departed,
        today=today,
        values={"coordinating_service": "boligkontor", "offers_phone": True, "other_services": "Familievernet"},
        expected_version=plan.version,
    )
    (row,) = new_rows(before)
    assert row.action == "followup_plan.saved" and row.fields == "coordinating_service"
    assert updated.version == plan.version + 1
    assert FollowUpPlan.objects.get().coordinating_service == "boligkontor"


def test_a_plan_may_be_written_before_the_move(stay, kari, today):
    plan = services.followup_plan_save(
        actor=kari, stay=stay, today=today, values={"next_follow_up_on": today + 20 * DAY}
    )
    assert plan.stay_id == stay.pk


def test_a_stale_plan_form_meets_a_conflict(departed, kari, ola, today):
    plan = services.followup_plan_save(actor=kari, stay=departed, today=today, values={"coordinating_service": "nav"})
    services.followup_plan_save(
        actor=ola, stay=departed, today=today, values={"coordinating_service": "helse"}, expected_version=plan.version
    )
    with pytest.raises(EditConflict):
        services.followup_plan_save(
            actor=kari, stay=departed, today=today, values={"coordinating_service": "annen"}, expected_version=1
        )
    assert FollowUpPlan.objects.get().coordinating_service == "helse"


def test_a_contact_without_a_next_date_leaves_the_plan_alone(departed, kari, today):
    plan = services.followup_plan_save(
        actor=kari, stay=departed, today=today, values={"next_follow_up_on": today - DAY}
    )
    before = AuditEvent.objects.count()

    contact = services.followup_contact_record(
        actor=kari,
        stay=departed,
        today=today,
        values={"contacted_on": today, "kind": "telefon", "with_children": False, "note": "Gikk fint"},
    )

    (row,) = new_rows(before)
    assert (row.action, row.object_id, row.fields) == (
        "followup_contact.recorded",
        contact.pk,
        "contacted_on,kind,note,with_children",
    )
    assert contact.by == kari
    assert FollowUpPlan.objects.get().version == plan.version


def test_a_contact_with_a_next_date_moves_the_plan_in_the_same_transaction(departed, kari, today):
    plan = services.followup_plan_save(
        actor=kari, stay=departed, today=today, values={"next_follow_up_on": today - DAY}
    )
    before = AuditEvent.objects.count()

    services.followup_contact_record(
        actor=kari,
        stay=departed,
        today=today,
        values={
            "contacted_on": today,
            "kind": "hjemmebesok",
            "with_children": True,
            "note": "",
            "next_follow_up_on": today + 14 * DAY,
        },
    )

    assert [r.action for r in new_rows(before)] == ["followup_contact.recorded", "followup_plan.saved"]
    stored = FollowUpPlan.objects.get()
    assert stored.next_follow_up_on == today + 14 * DAY
    assert stored.version == plan.version + 1  # a plan form open elsewhere now meets a conflict


def test_a_contact_with_a_next_date_starts_a_plan_when_there_is_none(departed, kari, today):
    services.followup_contact_record(
        actor=kari,
        stay=departed,
        today=today,
        values={"contacted_on": today, "kind": "telefon", "with_children": False, "next_follow_up_on": today + DAY},
    )
    assert FollowUpPlan.objects.get(stay=departed).next_follow_up_on == today + DAY


def test_a_failing_plan_update_takes_the_contact_with_it(departed, kari, today, monkeypatch):
    services.followup_plan_save(actor=kari, stay=departed, today=today, values={"next_follow_up_on": today})
    audit_before, counts_before = AuditEvent.objects.count(), data_counts()

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "update_record", broken)
    with pytest.raises(RuntimeError):
        services.followup_contact_record(
            actor=kari,
            stay=departed,
            today=today,
            values={"contacted_on": today, "kind": "telefon", "with_children": False, "next_follow_up_on": today + DAY},
        )
    assert data_counts() == counts_before
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"contacted_on": -6}, "contacted_on"),  # the day before the move
        ({"contacted_on": 1}, "contacted_on"),  # tomorrow
        ({"contacted_on": 0, "next_follow_up_on": -1}, "next_follow_up_on"),
        ({"contacted_on": 0, "next_follow_up_on": 800}, "next_follow_up_on"),
    ],
)
def test_the_contact_service_guards_its_dates(departed, kari, today, values, field):
    dated = {name: today + offset * DAY for name, offset in values.items()}
    with pytest.raises(ValidationError) as error:
        services.followup_contact_record(
            actor=kari, stay=departed, today=today, values={"kind": "telefon", "with_children": False, **dated}
        )
    assert field in error.value.message_dict
    assert not FollowUpContact.objects.exists()


def test_no_contact_after_the_stay_while_the_stay_is_current(stay, kari, today):
    with pytest.raises(ValidationError, match="ikke flyttet ut"):
        services.followup_contact_record(
            actor=kari, stay=stay, today=today, values={"contacted_on": today, "kind": "telefon"}
        )


def test_the_service_decides_on_the_stored_stay(make_stay, kari, today):
    """The caller's stay object predates the move: the service still sees the departure."""
    stale = make_stay(days_ago=10)
    depart(Stay.objects.get(pk=stale.pk), kari, today - DAY)
    services.followup_contact_record(
        actor=kari, stay=stale, today=today, values={"contacted_on": today, "kind": "telefon"}
    )
    assert FollowUpContact.objects.filter(stay=stale).count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"safety_plan_updated_on": 1}, "safety_plan_updated_on"),
        ({"safety_plan_updated_on": -400}, "safety_plan_updated_on"),
        ({"next_follow_up_on": -6}, "next_follow_up_on"),  # before the move
        ({"next_follow_up_on": 900}, "next_follow_up_on"),
        ({"next_follow_up_on": 30, "ends_on": 20}, "next_follow_up_on"),
        ({"ends_on": -10}, "ends_on"),
    ],
)
def test_the_plan_service_guards_its_dates(departed, kari, today, values, field):
    dated = {name: today + offset * DAY for name, offset in values.items()}
    with pytest.raises(ValidationError) as error:
        services.followup_plan_save(actor=kari, stay=departed, today=today, values=dated)
    assert field in error.value.message_dict
    assert not FollowUpPlan.objects.exists()
