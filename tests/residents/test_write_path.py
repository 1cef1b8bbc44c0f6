"""The departure, the new home's address and the grading write through core/writes.update_record:
the same audit row, the same version bump and the same conflict as when each wrote by hand."""

import pytest

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.core.concurrency import EditConflict
from boligplan.core.dataversion import version_of
from boligplan.residents import services
from boligplan.residents.addresses import resident_set_protection, stay_set_new_home_address
from boligplan.residents.models import Resident, Stay

pytestmark = pytest.mark.django_db


def _new_rows(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))


def _last_seq() -> int:
    last = AuditEvent.objects.order_by("-seq").first()
    return last.seq if last else 0


def test_the_departure_names_its_fields_after_the_other_apps_rows_and_moves_the_version(kari, stay, today):
    children_services.child_add(actor=kari, stay=stay, first_name="Odin", birth_year=today.year - 6)
    stay = Stay.objects.get(pk=stay.pk)
    before, version, data_version = _last_seq(), stay.version, version_of(stay.shelter_id)

    departed = services.stay_depart(
        actor=kari,
        stay=stay,
        departure_date=today,
        destination="familie_venner",
        permanence="midlertidig",
        temporary_reason="sikkerhet",
        expected_version=version,
    )

    rows = _new_rows(before)
    # The children's moves and the follow-up task come first; the departure's own row is last.
    assert [r.action for r in rows] == ["child.move_added", "task.suggested", "stay.departed"]
    row = rows[-1]
    assert (row.object_id, row.shelter_id, row.stay_id, row.actor_id) == (stay.pk, stay.shelter_id, stay.pk, kari.pk)
    assert row.fields == "departure_date,destination,permanence,temporary_reason"
    assert departed.version == version + 1 == Stay.objects.get(pk=stay.pk).version
    assert version_of(stay.shelter_id) != data_version


def test_a_permanent_departure_names_no_reason(kari, stay, today):
    before = _last_seq()
    services.stay_depart(actor=kari, stay=stay, departure_date=today, destination="ny_kommunal", permanence="varig")
    assert _new_rows(before)[-1].fields == "departure_date,destination,permanence"


def test_a_departure_from_a_stale_form_changes_nothing(kari, ola, stay, today):
    services.stay_update_contact(actor=ola, stay=Stay.objects.get(pk=stay.pk), contact_person=ola)
    before = _last_seq()
    with pytest.raises(EditConflict):
        services.stay_depart(
            actor=kari,
            stay=stay,
            departure_date=today,
            destination="ny_kommunal",
            permanence="varig",
            expected_version=1,
        )
    assert Stay.objects.get(pk=stay.pk).departure_date is None
    assert _new_rows(before) == []


def test_the_new_home_address_writes_one_row_naming_the_field(kari, stay):
    before, version = _last_seq(), stay.version
    saved = stay_set_new_home_address(actor=kari, stay=stay, address="Storgata 1", expected_version=version)
    (row,) = _new_rows(before)
    assert (row.action, row.object_id, row.stay_id, row.fields) == (
        "address.changed",
        stay.pk,
        stay.pk,
        "new_home_address",
    )
    assert saved.version == version + 1
    with pytest.raises(EditConflict):
        stay_set_new_home_address(actor=kari, stay=stay, address="Lillegata 2", expected_version=version)


def test_the_grading_writes_one_row_without_a_stay(kari, stay):
    resident = Resident.objects.get(pk=stay.resident_id)
    before, version = _last_seq(), resident.version
    saved = resident_set_protection(actor=kari, resident=resident, grading="FORTROLIG", expected_version=version)
    (row,) = _new_rows(before)
    assert (row.action, row.object_id, row.shelter_id, row.stay_id, row.fields) == (
        "resident.protection_changed",
        resident.pk,
        resident.shelter_id,
        None,
        "address_protection",
    )
    assert saved.version == version + 1
