"""The one write helper (core/writes.py): changed fields, the version check, exactly one audit row."""

import pytest
from django.core.exceptions import ValidationError

from boligplan.agencies.models import Agency
from boligplan.audit.models import AuditEvent
from boligplan.children.models import Child
from boligplan.core.concurrency import EditConflict
from boligplan.core.models import Shelter
from boligplan.core.writes import audit_stay, changed_fields, update_record
from boligplan.housing.models import Task

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Ring Nav om bolig på Tøyen"


@pytest.fixture
def task(stay):
    return Task.objects.create(
        shelter_id=stay.shelter_id, stay=stay, title="Start", responsible_party="krisesenter", due_date=None
    )


def _rows():
    return list(AuditEvent.objects.order_by("seq"))


def test_only_the_fields_that_differ_are_named_and_the_version_moves(kari, task):
    before = AuditEvent.objects.count()
    fresh, changed = update_record(
        actor=kari,
        record=task,
        changes={"title": SECRET_TITLE, "responsible_party": "krisesenter"},
        action="task.updated",
        expected_version=1,
    )
    assert changed == ["title"]
    assert fresh.title == SECRET_TITLE and fresh.version == 2
    assert Task.objects.get(pk=task.pk).title == SECRET_TITLE
    assert task.version == 2  # the caller's object is kept in step
    assert AuditEvent.objects.count() == before + 1
    row = _rows()[-1]
    assert (row.action, row.object_type, row.object_id) == ("task.updated", "task", task.pk)
    assert (row.shelter_id, row.stay_id, row.actor_id) == (task.shelter_id, task.stay_id, kari.pk)
    assert row.fields == "title"


def test_the_audit_row_holds_field_names_never_values(kari, task):
    update_record(actor=kari, record=task, changes={"title": SECRET_TITLE}, action="task.updated")
    row = _rows()[-1]
    for column in ("fields", "action", "object_type", "reason"):
        assert "Tøyen" not in str(getattr(row, column))
        assert SECRET_TITLE not in str(getattr(row, column))


def test_a_save_that_changes_nothing_still_saves_and_writes_one_row(kari, task):
    before = AuditEvent.objects.count()
    fresh, changed = update_record(actor=kari, record=task, changes={"title": "Start"}, action="task.updated")
    assert changed == []
    assert fresh.version == 2
    assert AuditEvent.objects.count() == before + 1
    assert _rows()[-1].fields == ""


def test_fields_if_unchanged_are_named_only_when_nothing_changed(kari, task, today):
    update_record(
        actor=kari, record=task, changes={"title": "Start"}, action="task.updated", fields_if_unchanged=["done_on"]
    )
    assert _rows()[-1].fields == "done_on"
    update_record(
        actor=kari, record=task, changes={"title": "Ny"}, action="task.updated", fields_if_unchanged=["done_on"]
    )
    assert _rows()[-1].fields == "title"


def test_stamps_are_written_and_always_named(kari, task, today):
    fresh, changed = update_record(
        actor=kari, record=task, changes={"title": "Start"}, stamps={"done_on": today}, action="task.updated"
    )
    assert changed == []
    assert fresh.done_on == today
    assert _rows()[-1].fields == "done_on"


def test_a_stale_version_is_a_conflict_that_writes_nothing(kari, ola, task):
    update_record(actor=ola, record=Task.objects.get(pk=task.pk), changes={"title": "Ola"}, action="task.updated")
    before = AuditEvent.objects.count()
    with pytest.raises(EditConflict) as raised:
        update_record(actor=kari, record=task, changes={"title": "Kari"}, action="task.updated", expected_version=1)
    assert raised.value.current.title == "Ola"
    stored = Task.objects.get(pk=task.pk)
    assert (stored.title, stored.version) == ("Ola", 2)
    assert AuditEvent.objects.count() == before


def test_the_write_moves_the_shelters_data_version(kari, task):
    before = Shelter.objects.get(pk=task.shelter_id).data_version
    update_record(actor=kari, record=task, changes={"title": "Ny"}, action="task.updated")
    assert Shelter.objects.get(pk=task.shelter_id).data_version != before


def test_a_shelter_is_its_own_scope(kari, shelter):
    update_record(
        actor=kari,
        record=shelter,
        changes={"assessment_due_days": shelter.assessment_due_days + 1},
        action="shelter.settings_changed",
    )
    row = _rows()[-1]
    assert (row.shelter_id, row.stay_id, row.fields) == (shelter.pk, None, "assessment_due_days")


def test_audit_stay_takes_the_stay_from_a_stay_or_a_record_on_it(kari, stay):
    child = Child.objects.create(shelter_id=stay.shelter_id, stay=stay, first_name="Mia", birth_year=2018)
    audit_stay(kari, "child.updated", child, child, ["first_name"])
    audit_stay(kari, "child.updated", child, stay, ["first_name"])
    first, second = _rows()[-2:]
    assert (first.shelter_id, first.stay_id) == (second.shelter_id, second.stay_id) == (stay.shelter_id, stay.pk)
    assert first.fields == "first_name"


def test_changed_fields_keeps_the_given_order(task):
    assert changed_fields(task, {"title": "B", "due_date": None, "responsible_party": "nav"}) == [
        "title",
        "responsible_party",
    ]


def test_a_stay_is_its_own_stay(kari, ola, stay):
    update_record(actor=kari, record=stay, changes={"contact_person": ola}, action="stay.contact_changed")
    row = _rows()[-1]
    assert (row.shelter_id, row.stay_id, row.object_type, row.fields) == (
        stay.shelter_id,
        stay.pk,
        "stay",
        "contact_person",
    )


def test_skip_if_unchanged_saves_and_audits_nothing(kari, task):
    before = AuditEvent.objects.count()
    same, changed = update_record(
        actor=kari, record=task, changes={"title": "Start"}, action="task.updated", skip_if_unchanged=True
    )
    assert (same, changed) == (task, [])
    assert Task.objects.get(pk=task.pk).version == 1
    assert AuditEvent.objects.count() == before


def test_a_record_without_a_version_is_validated_and_saved(kari, shelter):
    agency = Agency.objects.create(shelter=shelter, kind="nav", name="NAV Testby")
    fresh, changed = update_record(
        actor=kari, record=agency, changes={"name": "NAV Nyby", "kind": "nav"}, action="agency.updated"
    )
    assert changed == ["name"]
    assert Agency.objects.get(pk=agency.pk).name == "NAV Nyby"
    row = _rows()[-1]
    assert (row.action, row.shelter_id, row.stay_id, row.fields) == ("agency.updated", shelter.pk, None, "name")
    with pytest.raises(ValidationError):
        update_record(actor=kari, record=agency, changes={"kind": "ukjent"}, action="agency.updated")
    assert Agency.objects.get(pk=agency.pk).kind == "nav"
    with pytest.raises(ValueError):
        update_record(actor=kari, record=agency, changes={"name": "X"}, action="agency.updated", expected_version=1)


def test_audit_fields_replace_the_changed_names(kari, task):
    fresh, changed = update_record(
        actor=kari,
        record=task,
        changes={"title": "Ny", "responsible_party": "krisesenter"},
        action="task.updated",
        audit_fields=["title", "responsible_party"],
    )
    assert changed == ["title"]
    assert _rows()[-1].fields == "responsible_party,title"
