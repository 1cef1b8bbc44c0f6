"""The safety services: what they save, what they refuse, their audit rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from boligplan.audit.models import AuditEvent
from boligplan.residents import services as resident_services
from boligplan.safety import services
from boligplan.safety.checklist import checklist_items
from boligplan.safety.models import ChecklistAnswer, SafeReturnAssessment, SafetyMeasure
from boligplan.safety.rules import measure_problems
from boligplan.safety.services import ItemInput

DAY = datetime.timedelta(days=1)


def last_audit() -> AuditEvent:
    return AuditEvent.objects.order_by("-pk").first()


def granted(today, **changes):
    values = {
        "kind": "besoksforbud",
        "status": "innvilget",
        "requested_on": today - 5 * DAY,
        "decided_on": today - 3 * DAY,
        "valid_from": today - 3 * DAY,
        "expires_on": today + 100 * DAY,
        "note": "",
    }
    return values | changes


# --- Safe return ------------------------------------------------------------------------------


def test_safe_return_draft_then_completed_keeps_its_date(stay, kari, ola, today):
    draft = services.safe_return_save(
        actor=kari, stay=stay, values={"reason": "Tekst", "locks_changed": "nei"}, complete=False, today=today
    )
    assert draft.assessed_on is None
    row = last_audit()
    assert (row.action, row.actor, row.object_id, row.stay_id) == ("safe_return.saved", kari, draft.pk, stay.pk)
    assert set(row.fields.split(",")) == {"reason", "locks_changed"}
    assert "Tekst" not in row.fields

    done = services.safe_return_save(
        actor=ola,
        stay=stay,
        values={"conclusion": "ja", "perpetrator_knowing_address_safe": "ja"},
        complete=True,
        today=today,
        expected_version=draft.version,
    )
    assert (done.assessed_on, done.assessed_by) == (today, ola)
    assert last_audit().action == "safe_return.completed"

    later = services.safe_return_save(
        actor=kari, stay=stay, values={"conclusion": "usikker"}, complete=True, today=today + 3 * DAY
    )
    assert (later.assessed_on, later.assessed_by) == (today, ola)  # the first completion counts
    assert SafeReturnAssessment.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "complete", "field"),
    [
        ({"conclusion": ""}, True, "conclusion"),
        ({"conclusion": "ja", "perpetrator_knowing_address_safe": "nei"}, False, "conclusion"),
        ({"locks_changed": "byttet"}, False, "locks_changed_on"),
        ({"locks_changed": "nei", "locks_changed_on": "today"}, False, "locks_changed_on"),
        ({"locks_changed": "byttet", "locks_changed_on": "tomorrow"}, False, "locks_changed_on"),
        ({"locks_changed": "planlagt", "locks_changed_on": "before_arrival"}, False, "locks_changed_on"),
        ({"locks_changed": "planlagt", "locks_changed_on": "far_ahead"}, False, "locks_changed_on"),
    ],
)
def test_safe_return_refuses_what_does_not_add_up(stay, kari, today, values, complete, field):
    days = {
        "today": today,
        "tomorrow": today + DAY,
        "before_arrival": stay.arrival_date - DAY,
        "far_ahead": today + 400 * DAY,
    }
    values = {name: days.get(value, value) for name, value in values.items()}
    audit_before = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as error:
        services.safe_return_save(actor=kari, stay=stay, values=values, complete=complete, today=today)

    assert field in error.value.message_dict
    assert not SafeReturnAssessment.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_planned_locks_may_lie_ahead(stay, kari, today):
    saved = services.safe_return_save(
        actor=kari,
        stay=stay,
        values={"locks_changed": "planlagt", "locks_changed_on": today + 7 * DAY},
        complete=False,
        today=today,
    )
    assert saved.locks_changed_on == today + 7 * DAY


# --- Measures ---------------------------------------------------------------------------------


def test_measure_recorded_and_updated_with_audit_rows(stay, kari, today):
    measure = services.measure_record(actor=kari, stay=stay, values=granted(today, note="Merknad"), today=today)
    row = last_audit()
    assert (row.action, row.object_id, row.stay_id) == ("measure.recorded", measure.pk, stay.pk)
    assert row.fields == "kind,status"
    assert measure.created_by == kari and measure.shelter_id == stay.shelter_id

    updated = services.measure_update(
        actor=kari,
        measure=measure,
        values=granted(today, status="utlopt", expires_on=today - DAY, note="Merknad"),
        today=today,
        expected_version=measure.version,
    )
    assert (updated.status, updated.version) == ("utlopt", 2)
    row = last_audit()
    assert row.action == "measure.updated"
    assert set(row.fields.split(",")) == {"status", "expires_on"}
    assert "Merknad" not in str(row.__dict__)


def test_a_measure_may_have_been_decided_long_before_arrival(stay, kari, today):
    before = stay.arrival_date - 300 * DAY
    measure = services.measure_record(
        actor=kari,
        stay=stay,
        values=granted(today, kind="kontaktforbud", requested_on=before, decided_on=before, valid_from=before),
        today=today,
    )
    assert measure.decided_on == before


def test_no_new_measure_on_an_ended_stay_but_an_old_one_can_be_corrected(stay, kari, today):
    measure = services.measure_record(actor=kari, stay=stay, values=granted(today), today=today)
    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=today, destination="tidligere_bolig", permanence="varig"
    )
    stay.refresh_from_db()

    with pytest.raises(ValidationError):
        services.measure_record(actor=kari, stay=stay, values=granted(today), today=today)
    assert SafetyMeasure.objects.count() == 1

    measure.stay = stay
    services.measure_update(
        actor=kari, measure=measure, values=granted(today, status="utlopt", expires_on=today), today=today
    )
    assert SafetyMeasure.objects.get().status == "utlopt"


ARRIVAL = datetime.date(2025, 3, 10)
TODAY = datetime.date(2025, 4, 1)
# A visiting ban granted after arrival and running six months: each case below changes a part of it.
GRANTED_IN_MARCH = {
    "kind": "besoksforbud",
    "status": "innvilget",
    "requested_on": datetime.date(2025, 3, 20),
    "decided_on": datetime.date(2025, 3, 28),
    "valid_from": datetime.date(2025, 3, 28),
    "expires_on": datetime.date(2025, 9, 28),
}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"decided_on": None}, "decided_on", "avgjort"),
        ({"status": "avslatt", "decided_on": None, "valid_from": None, "expires_on": None}, "decided_on", "avgjort"),
        ({"decided_on": TODAY + DAY, "valid_from": TODAY + DAY}, "decided_on", "fram i tid"),
        ({"requested_on": TODAY + DAY}, "requested_on", "fram i tid"),
        ({"decided_on": datetime.date(2025, 1, 1), "requested_on": datetime.date(2025, 2, 1)}, "decided_on", "før"),
        ({"expires_on": datetime.date(2025, 3, 1)}, "expires_on", "før det begynner"),
        ({"expires_on": datetime.date(2026, 3, 29)}, "expires_on", "høyst ett år"),
        ({"kind": "kontaktforbud", "expires_on": datetime.date(2030, 3, 29)}, "expires_on", "høyst 5 år"),
        ({"kind": "voldsalarm", "expires_on": datetime.date(2040, 1, 1)}, "expires_on", "for langt fram"),
        ({"expires_on": None}, "expires_on", "begrenset tid"),
        # Besøksforbud i eget hjem: at most three months per decision, and always an end (strpl. § 222 a).
        ({"kind": "besoksforbud_eget_hjem", "expires_on": datetime.date(2025, 6, 29)}, "expires_on", "høyst 3 måneder"),
        ({"kind": "besoksforbud_eget_hjem", "expires_on": None}, "expires_on", "begrenset tid"),
        # A contact ban covering one's own home: at most one year (strl. § 58).
        ({"kind": "kontaktforbud_eget_hjem", "expires_on": datetime.date(2026, 3, 29)}, "expires_on", "høyst ett år"),
        ({"kind": "kontaktforbud_eget_hjem", "expires_on": None}, "expires_on", "begrenset tid"),
        # An address block runs for a limited period: its end is recorded so it can be reminded.
        ({"kind": "adressesperre", "expires_on": None}, "expires_on", "begrenset tid"),
        ({"status": "utlopt"}, "expires_on", "utløpt"),
        ({"status": "anmodet", "decided_on": None, "valid_from": None}, "expires_on", "ingen gyldighet"),
        ({"valid_from": datetime.date(2010, 1, 1)}, "valid_from", "langt tilbake"),
        ({"valid_from": datetime.date(2026, 6, 1), "expires_on": datetime.date(2026, 7, 1)}, "valid_from", "fram"),
    ],
)
def test_measure_rules(changes, field, words):
    values = GRANTED_IN_MARCH | changes

    problems = measure_problems(values, arrival=ARRIVAL, today=TODAY)

    assert field in problems, problems
    assert words in problems[field]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"expires_on": datetime.date(2026, 3, 28)},  # exactly one year
        {"kind": "kontaktforbud", "expires_on": None},  # indefinite
        {"kind": "kontaktforbud", "expires_on": datetime.date(2030, 3, 28)},  # exactly five years
        {"kind": "adressesperre", "valid_from": None, "expires_on": datetime.date(2028, 3, 28)},
        # The three years reported for an address block are not confirmed in the regulation: not refused.
        {"kind": "adressesperre", "expires_on": datetime.date(2029, 3, 28)},
        {"status": "vurderes", "requested_on": None, "decided_on": None, "valid_from": None, "expires_on": None},
        {"status": "utlopt", "expires_on": datetime.date(2025, 3, 31)},
        {"kind": "besoksforbud_eget_hjem", "expires_on": datetime.date(2025, 6, 28)},  # exactly three months
        {"kind": "kontaktforbud_eget_hjem", "expires_on": datetime.date(2026, 3, 28)},  # exactly one year
    ],
)
def test_measure_rules_accept_what_the_law_allows(changes):
    values = GRANTED_IN_MARCH | changes

    assert measure_problems(values, arrival=ARRIVAL, today=TODAY) == {}


def test_measure_service_refuses_without_saving(stay, kari, today):
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.measure_record(actor=kari, stay=stay, values=granted(today, decided_on=None), today=today)
    assert "decided_on" in error.value.message_dict
    assert not SafetyMeasure.objects.exists()
    assert AuditEvent.objects.count() == audit_before


# --- Checklist --------------------------------------------------------------------------------


def test_checklist_dates_move_only_for_items_that_changed(stay, kari, ola, today):
    first, second, third = (item.key for item in checklist_items()[:3])
    services.checklist_save(
        actor=kari,
        stay=stay,
        items={first: ItemInput("ok", "", 0), second: ItemInput("folges_opp", "Sjekk lås", 0)},
        today=today - 5 * DAY,
    )
    assert last_audit().action == "checklist.answered"
    assert last_audit().fields == "answer,items=2,note"
    stored = {a.item_key: a for a in ChecklistAnswer.objects.all()}

    count = services.checklist_save(
        actor=ola,
        stay=stay,
        items={
            first: ItemInput("ok", "", stored[first].version),  # unchanged
            second: ItemInput("ok", "Sjekk lås", stored[second].version),  # answer changed
            third: ItemInput("", "", 0),  # still not answered
        },
        today=today,
    )

    assert count == 1
    after = {a.item_key: a for a in ChecklistAnswer.objects.all()}
    assert (after[first].answered_on, after[first].answered_by) == (today - 5 * DAY, kari)
    assert (after[second].answered_on, after[second].answered_by, after[second].answer) == (today, ola, "ok")
    assert third not in after
    row = last_audit()
    assert (row.action, row.fields, row.object_id, row.stay_id) == (
        "checklist.answered",
        "answer,items=1",
        stay.pk,
        stay.pk,
    )
    assert "Sjekk" not in str(row.__dict__)


def test_saving_an_unchanged_checklist_writes_nothing(stay, kari, today):
    key = checklist_items()[0].key
    services.checklist_save(actor=kari, stay=stay, items={key: ItemInput("ok", "", 0)}, today=today - DAY)
    version = ChecklistAnswer.objects.get().version
    audit_before = AuditEvent.objects.count()

    assert services.checklist_save(actor=kari, stay=stay, items={key: ItemInput("ok", "", version)}, today=today) == 0
    assert AuditEvent.objects.count() == audit_before
    assert ChecklistAnswer.objects.get().answered_on == today - DAY


def test_clearing_an_item_removes_its_answer(stay, kari, today):
    key = checklist_items()[0].key
    services.checklist_save(actor=kari, stay=stay, items={key: ItemInput("ok", "", 0)}, today=today)
    version = ChecklistAnswer.objects.get().version

    services.checklist_save(actor=kari, stay=stay, items={key: ItemInput("", "", version)}, today=today)

    assert not ChecklistAnswer.objects.exists()


def test_checklist_second_writer_of_the_same_item_gets_a_conflict(stay, kari, ola, today):
    first, second = (item.key for item in checklist_items()[:2])
    services.checklist_save(actor=kari, stay=stay, items={first: ItemInput("ok", "", 0)}, today=today)

    # ola loaded the form before kari saved: he saw no answer (version 0) for `first`.
    with pytest.raises(services.ChecklistConflict) as conflict:
        services.checklist_save(
            actor=ola,
            stay=stay,
            items={first: ItemInput("folges_opp", "", 0), second: ItemInput("ok", "", 0)},
            today=today,
        )

    assert conflict.value.keys == [first]
    assert list(ChecklistAnswer.objects.values_list("item_key", "answer")) == [(first, "ok")]  # nothing half-saved


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ({"ukjent_punkt": ItemInput("ok", "", 0)}, "__all__"),
        ({"opplevd_trygghet": ItemInput("kanskje", "", 0)}, "answer_opplevd_trygghet"),
        ({"opplevd_trygghet": ItemInput("", "Notat uten svar", 0)}, "answer_opplevd_trygghet"),
        ({"opplevd_trygghet": ItemInput("ok", "n" * 501, 0)}, "note_opplevd_trygghet"),
    ],
)
def test_checklist_service_refuses_bad_items(stay, kari, today, items, field):
    with pytest.raises(ValidationError) as error:
        services.checklist_save(actor=kari, stay=stay, items=items, today=today)
    assert field in error.value.message_dict
    assert not ChecklistAnswer.objects.exists()


def test_a_completed_assessment_keeps_its_conclusion(stay, kari, today):
    services.safe_return_save(actor=kari, stay=stay, values={"conclusion": "nei"}, complete=True, today=today)
    with pytest.raises(ValidationError) as error:
        services.safe_return_save(actor=kari, stay=stay, values={"conclusion": ""}, complete=False, today=today)
    assert "conclusion" in error.value.message_dict
    assert SafeReturnAssessment.objects.get().conclusion == "nei"
