"""The case-record base (core/records.py): every record of case data has the same shape, declared once."""

import uuid

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from boligplan.children.models import Child, ChildMove
from boligplan.core.concurrency import VersionedModel
from boligplan.core.models import Shelter
from boligplan.core.records import CaseRecord, ShelterRecord, StayRecord, UUIDRecord
from boligplan.housing.models import HousingAssessment, Notification, Task
from boligplan.residents.models import JournalNote, Resident, Stay
from boligplan.safety.models import ChecklistAnswer

pytestmark = pytest.mark.django_db


def _ours():
    return [m for m in apps.get_models() if m.__module__.startswith("boligplan.")]


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _links_to(model, name, target) -> bool:
    field = _field(model, name)
    return isinstance(field, models.ForeignKey) and field.related_model is target


def test_every_record_about_a_stay_is_a_stay_record_and_an_editable_one_a_case_record():
    about_a_stay = [m for m in _ours() if _links_to(m, "stay", Stay) and _links_to(m, "shelter", Shelter)]
    assert len(about_a_stay) >= 16
    for model in about_a_stay:
        assert issubclass(model, StayRecord), model
        if issubclass(model, VersionedModel):
            assert issubclass(model, CaseRecord), model


def test_every_uuid_key_comes_from_the_one_base():
    keyed = [m for m in _ours() if isinstance(m._meta.pk, models.UUIDField) and m._meta.pk.name == "id"]
    assert len(keyed) >= 24
    for model in keyed:
        assert issubclass(model, UUIDRecord), model
        assert model._meta.pk.default is uuid.uuid4 and not model._meta.pk.editable


def test_every_shelter_record_keeps_its_shelter_and_goes_with_its_stay():
    for model in _ours():
        if issubclass(model, ShelterRecord):
            assert model._meta.get_field("shelter").remote_field.on_delete is models.PROTECT, model
        if issubclass(model, StayRecord):
            assert model._meta.get_field("stay").remote_field.on_delete is models.CASCADE, model


def test_a_record_a_stay_has_one_of_is_one_to_one_with_its_reverse_name():
    assert isinstance(HousingAssessment._meta.get_field("stay"), models.OneToOneField)
    assert HousingAssessment._meta.get_field("stay").remote_field.related_name == "assessment"
    assert Task._meta.get_field("stay").remote_field.related_name == "tasks"
    assert not isinstance(Task._meta.get_field("stay"), models.OneToOneField)


def test_str_names_the_kind_and_a_short_id_never_the_person(stay):
    child = Child(shelter_id=stay.shelter_id, stay=stay, first_name="Odin", birth_year=2018)
    assert str(child) == f"Child {str(child.pk)[:8]}"
    assert "Odin" not in str(child)
    resident = Resident(shelter_id=stay.shelter_id, display_name="Kari Nordmann", birth_year=1990)
    assert str(resident) == f"Resident {str(resident.pk)[:8]}"
    note = JournalNote(shelter_id=stay.shelter_id, stay=stay, text="hemmelig")
    assert str(note) == f"Note {str(note.pk)[:8]}"


def test_str_adds_the_detail_a_model_names():
    move = ChildMove(kind="krisesenter")
    assert str(move) == f"Move {str(move.pk)[:8]} (krisesenter)"
    answer = ChecklistAnswer(item_key="locks")
    assert str(answer) == f"Checklist answer {str(answer.pk)[:8]} (locks)"


def test_a_model_that_says_something_else_keeps_its_own_str(stay):
    assert str(stay) == f"Opphold {stay.arrival_date:%Y-%m-%d}"
    notification = Notification(agency="nav")
    assert str(notification) == f"Notification {str(notification.pk)[:8]} to nav"
