"""Two writes to one resident at once never deadlock (audit/services.audit_record).

A service usually updates the stay's row first and writes its audit row last; the audit row moves
the stay's row version and the shelter's data version (core/dataversion.bump). If the versions
moved under the chain's lock, a second write could hold the chain's lock and wait for the stay's
row while the first holds the row and waits for the chain's lock: PostgreSQL would end one of
them with "deadlock detected", and a member of staff would lose what they saved.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from boligplan.audit.models import AuditEvent
from boligplan.audit.services import audit_record
from boligplan.core.models import Shelter
from boligplan.residents.models import Stay
from tests.conftest import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and the chain's lock are PostgreSQL's"),
]


def _first_edits_the_stay(stay):
    Stay.objects.filter(pk=stay.pk).update(wait_cause="nav")
    return stay.pk  # its audit row names the stay


def _first_edits_the_shelters_settings(stay):
    Shelter.objects.filter(pk=stay.shelter_id).update(assessment_due_days=5)
    return None  # its audit row names no stay


@pytest.mark.parametrize("first_edit", [_first_edits_the_stay, _first_edits_the_shelters_settings])
def test_an_edit_and_another_write_to_the_same_stay_both_commit(shelter, make_stay, first_edit):
    stay = make_stay(display_name="Låse Lise")
    first, second = make_user("forste", shelter, "ansatt"), make_user("andre", shelter, "ansatt")
    row_locked = threading.Event()
    errors: list[BaseException] = []
    before = AuditEvent.objects.count()

    def edit_the_stay_then_audit():
        try:
            with transaction.atomic():
                named_stay = first_edit(stay)  # the row it updated is locked until the commit
                row_locked.set()
                time.sleep(0.5)  # the other write is under way meanwhile
                audit_record(
                    actor=first, action="stay.updated", obj=stay, shelter_id=stay.shelter_id, stay_id=named_stay
                )
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    def another_write_to_the_stay():
        try:
            row_locked.wait(5)
            with transaction.atomic():
                audit_record(actor=second, action="task.created", obj=stay, shelter_id=stay.shelter_id, stay_id=stay.pk)
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit_the_stay_then_audit), threading.Thread(target=another_write_to_the_stay)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert AuditEvent.objects.count() == before + 2  # both writes kept
