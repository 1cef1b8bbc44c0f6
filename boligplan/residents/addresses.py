"""Protected addresses (domain.md §6): the rule that can cost a life.

UGRADERT: the new home's address is shown to staff on the case.
FORTROLIG: masked by default; shown only after a reason is given and the staff member has
  confirmed their password in the last five minutes; every reveal is audited with its reason.
STRENGT_FORTROLIG(_UTLAND): the real address is never stored; letters use the forwarding address.
"""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from boligplan.audit.services import audit_record
from boligplan.core.writes import update_record

from .choices import FORWARDING_ADDRESS, AddressProtection
from .models import Resident, Stay

REAUTH_AT_KEY = "boligplan_reauth_at"


class AddressView:
    """What a page may show about a stay's new-home address."""

    HIDDEN_NONE = "none"  # nothing recorded
    SHOWN = "shown"  # ungraded: show it
    MASKED = "masked"  # confidential: a reveal button, never the text
    NOT_STORED = "not_stored"  # strictly confidential: the forwarding address only


def address_view(stay: Stay) -> str:
    grading = stay.resident.address_protection
    if AddressProtection.forbids_storing(grading):
        return AddressView.NOT_STORED
    if not stay.new_home_address:
        return AddressView.HIDDEN_NONE
    if grading == AddressProtection.CONFIDENTIAL:
        return AddressView.MASKED
    return AddressView.SHOWN


def letter_address(stay: Stay) -> str:
    """The address letters and forms may carry for this resident (never a protected one)."""
    if AddressProtection.forbids_storing(stay.resident.address_protection):
        return FORWARDING_ADDRESS
    if stay.resident.address_protection == AddressProtection.CONFIDENTIAL:
        return ""  # a confidential address is never printed; staff send letters by hand
    return stay.new_home_address


def mark_reauthenticated(request) -> None:
    request.session[REAUTH_AT_KEY] = int(time.time())


def recently_reauthenticated(request) -> bool:
    at = request.session.get(REAUTH_AT_KEY)
    return at is not None and time.time() - at <= settings.REAUTH_WINDOW_SECONDS


def _current_grading(resident_id) -> str:
    """The resident's grading as committed now, held until the caller's transaction ends.

    The object a view loaded may be minutes old: someone may have made the address strictly
    confidential since. PostgreSQL: SELECT ... FOR UPDATE waits for a grading change in flight
    and keeps the next one waiting until this transaction ends. SQLite: `select_for_update` does
    nothing, but every transaction begins IMMEDIATE (config/settings/base.py), so this read
    already happens under the database's single write lock.
    """
    return (
        Resident.objects.select_for_update().filter(pk=resident_id).values_list("address_protection", flat=True).get()
    )


@transaction.atomic
def stay_set_new_home_address(*, actor, stay: Stay, address: str, expected_version: int | None = None) -> Stay:
    grading = _current_grading(stay.resident_id)
    if AddressProtection.forbids_storing(grading):
        raise ValidationError(
            {
                "address": _(
                    "Beboeren har strengt fortrolig adresse. Den virkelige adressen skal ikke lagres noe sted. "
                    "Brev sendes via %(forwarding)s."
                )
                % {"forwarding": FORWARDING_ADDRESS}
            }
        )
    stay, _changed = update_record(
        actor=actor,
        record=stay,
        changes={"new_home_address": address},
        action="address.changed",
        expected_version=expected_version,
        audit_fields=["new_home_address"],
    )
    return stay


@transaction.atomic
def address_reveal(*, actor, stay: Stay, reason: str) -> str:
    """The one way to read a confidential address: audited, with its reason, every time."""
    audit_record(
        actor=actor,
        action="address.revealed",
        obj=stay,
        shelter_id=stay.shelter_id,
        stay_id=stay.pk,
        fields=["new_home_address"],
        reason=reason,
    )
    return stay.new_home_address


@transaction.atomic
def resident_set_protection(
    *, actor, resident: Resident, grading: str, expected_version: int | None = None
) -> Resident:
    """Record the grading. Becoming strictly confidential erases every stored address at once."""
    if AddressProtection.forbids_storing(grading):
        # Row locks before the first audit row (ADR 0031, lock order): the resident's, as an
        # address save takes it first, then the stays whose address is erased below. Taken after
        # the audit row, a stay's lock could be held by a write to it that waits for the chain.
        _current_grading(resident.pk)
        list(Stay.objects.select_for_update().filter(resident=resident).exclude(new_home_address="").values_list("pk"))
    resident, _changed = update_record(
        actor=actor,
        record=resident,
        changes={"address_protection": grading},
        action="resident.protection_changed",
        expected_version=expected_version,
        audit_fields=["address_protection"],
    )
    if AddressProtection.forbids_storing(grading):
        # The UPDATE above holds the resident's row lock, so an address save now waits for this
        # transaction, and one that got there first is committed and found here. The erase is
        # unconditional: a stay saved by someone else since the page was loaded must not keep
        # its address because of a version conflict.
        for stay in Stay.objects.filter(resident=resident).exclude(new_home_address=""):
            Stay.objects.filter(pk=stay.pk).update(new_home_address="", version=F("version") + 1)
            audit_record(
                actor=actor,
                action="address.erased",
                obj=stay,
                shelter_id=stay.shelter_id,
                stay_id=stay.pk,
                fields=["new_home_address"],
            )
    return resident
