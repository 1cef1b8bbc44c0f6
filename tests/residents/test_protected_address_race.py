"""A strictly confidential address is never stored, also when two people act at the same moment.

One staff member records that the resident's address is strictly confidential while another
saves the new home's address. Each starts from the page as it was loaded (the grading still
"ugradert"), as two browsers would. Whichever transaction comes first, the address must not be
in the database afterwards: either the address save is refused, or it came first and the
grading change erases it in its own transaction.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from boligplan.residents import addresses
from boligplan.residents.choices import AddressProtection
from boligplan.residents.models import Stay

RACES = 100


@pytest.mark.django_db(transaction=True)
def test_hundred_races_leave_no_strictly_confidential_address_stored(make_stay, kari, ola):
    outcomes = {"refused": 0, "saved_then_erased": 0, "other": []}
    stored = 0

    def protect(resident, barrier):
        try:
            barrier.wait()
            addresses.resident_set_protection(
                actor=kari,
                resident=resident,
                grading=AddressProtection.STRICTLY_CONFIDENTIAL,
                expected_version=resident.version,
            )
        except Exception as error:  # noqa: BLE001 - any failure is reported, not hidden
            outcomes["other"].append(repr(error))
        finally:
            connection.close()

    def save_address(stay, barrier, results):
        try:
            barrier.wait()
            addresses.stay_set_new_home_address(
                actor=ola, stay=stay, address="Skjultveien 6, 0000 Ingensted", expected_version=stay.version
            )
            results.append("saved")
        except ValidationError:
            results.append("refused")
        except Exception as error:  # noqa: BLE001
            outcomes["other"].append(repr(error))
        finally:
            connection.close()

    for race in range(RACES):
        stay = make_stay(display_name=f"R{race}")
        # Both loaded before either acts, as the two pages were.
        stale_stay = Stay.objects.select_related("resident").get(pk=stay.pk)
        stale_resident = Stay.objects.select_related("resident").get(pk=stay.pk).resident
        barrier = threading.Barrier(2)
        results: list[str] = []
        threads = [
            threading.Thread(target=protect, args=(stale_resident, barrier)),
            threading.Thread(target=save_address, args=(stale_stay, barrier, results)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        after = Stay.objects.select_related("resident").get(pk=stay.pk)
        assert after.resident.address_protection == AddressProtection.STRICTLY_CONFIDENTIAL
        if after.new_home_address:
            stored += 1
        elif results == ["refused"]:
            outcomes["refused"] += 1
        elif results == ["saved"]:
            outcomes["saved_then_erased"] += 1

    print(
        f"{RACES} races on {connection.vendor}: {stored} addresses stored, {outcomes['refused']} saves refused, "
        f"{outcomes['saved_then_erased']} saved then erased"
    )
    assert outcomes["other"] == []
    assert stored == 0
    assert outcomes["refused"] + outcomes["saved_then_erased"] == RACES


def test_the_grading_is_read_again_inside_the_saving_transaction(stay, kari, ola):
    """The page was loaded before the grading changed: the save must still be refused."""
    stale = Stay.objects.select_related("resident").get(pk=stay.pk)
    addresses.resident_set_protection(
        actor=kari, resident=stay.resident, grading=AddressProtection.STRICTLY_CONFIDENTIAL_ABROAD
    )

    with pytest.raises(ValidationError):
        addresses.stay_set_new_home_address(actor=ola, stay=stale, address="Gata 1", expected_version=stale.version)
    assert Stay.objects.get(pk=stay.pk).new_home_address == ""
