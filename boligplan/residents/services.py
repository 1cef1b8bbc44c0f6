"""Every write to residents, stays and notes: one transaction, with its audit row inside it."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from boligplan.core.writes import audit_stay, update_record

from .choices import Permanence, TemporaryReason
from .hooks import departure_hooks
from .models import JournalNote, Resident, Stay
from .rules import departure_date_problem, permanence_problem


def _check_no_open_stay(resident: Resident) -> None:
    if Stay.objects.filter(resident=resident, departure_date__isnull=True).exists():
        raise ValidationError(
            {"arrival_date": _("Personen har allerede et åpent opphold. Registrer utflytting først.")}
        )


@transaction.atomic
def resident_register(
    *,
    actor,
    shelter,
    display_name: str,
    birth_year: int,
    arrival_date: datetime.date,
    contact_person,
    resident_id: uuid.UUID | None = None,
) -> Stay:
    """A new resident arrives: the person and the first stay are created together.

    `resident_id` fixes the new resident's id (see resident_register_once); a resident with that
    id already there makes the insert fail (IntegrityError) and nothing is written.
    """
    ids = {"pk": resident_id} if resident_id is not None else {}
    resident = Resident.objects.create(shelter=shelter, display_name=display_name, birth_year=birth_year, **ids)
    stay = Stay.objects.create(
        shelter=shelter, resident=resident, arrival_date=arrival_date, contact_person=contact_person
    )
    audit_stay(actor, "resident.registered", resident, stay)
    audit_stay(actor, "stay.opened", stay, stay)
    return stay


def _first_stay_of(shelter, resident_id) -> Stay | None:
    return Stay.objects.filter(shelter=shelter, resident_id=resident_id).order_by("arrival_date", "pk").first()


def resident_register_once(*, actor, shelter, resident_id: uuid.UUID, **fields) -> tuple[Stay, bool]:
    """Register a resident unless this very submission already did: (the stay, whether it is new).

    The id comes from the form's one-time token (core/once.py), so a resend of the same form
    names the same resident. Of two sends at the same moment the database lets one insert win;
    the other finds the winner's stay and changes nothing.
    """
    if (stay := _first_stay_of(shelter, resident_id)) is not None:
        return stay, False
    try:
        with transaction.atomic():
            return resident_register(actor=actor, shelter=shelter, resident_id=resident_id, **fields), True
    except IntegrityError:
        stay = _first_stay_of(shelter, resident_id)
        if stay is None:  # not a resend after all: let the real error through
            raise
        return stay, False


def stay_open(*, actor, resident: Resident, arrival_date: datetime.date, contact_person) -> Stay:
    """A resident who has been here before arrives again."""
    try:
        with transaction.atomic():
            _check_no_open_stay(resident)
            stay = Stay.objects.create(
                shelter=resident.shelter, resident=resident, arrival_date=arrival_date, contact_person=contact_person
            )
            audit_stay(actor, "stay.opened", stay, stay)
            return stay
    except IntegrityError as exc:
        # Two arrivals registered at the same moment: the partial unique index caught the second.
        raise ValidationError(
            {"arrival_date": _("Personen har allerede et åpent opphold. Registrer utflytting først.")}
        ) from exc


@transaction.atomic
def stay_update_contact(*, actor, stay: Stay, contact_person, expected_version: int | None = None) -> Stay:
    stay, _changed = update_record(
        actor=actor,
        record=stay,
        changes={"contact_person": contact_person},
        action="stay.contact_changed",
        expected_version=expected_version,
        fields_if_unchanged=["contact_person"],
    )
    return stay


@transaction.atomic
def stay_set_ready_to_move(
    *,
    actor,
    stay: Stay,
    ready_to_move_date,
    wait_cause: str,
    planned_departure_date=None,
    expected_version: int | None = None,
) -> Stay:
    changes = {
        "ready_to_move_date": ready_to_move_date,
        "wait_cause": wait_cause,
        "planned_departure_date": planned_departure_date,
    }
    stay, _changed = update_record(
        actor=actor,
        record=stay,
        changes=changes,
        action="stay.ready_to_move_set",
        expected_version=expected_version,
        audit_fields=list(changes),
    )
    return stay


@transaction.atomic
def stay_depart(
    *,
    actor,
    stay: Stay,
    departure_date,
    destination: str,
    permanence: str,
    temporary_reason: str = "",
    expected_version: int | None = None,
) -> Stay:
    """Record the departure. Each child's move is counted and a temporary exit gets a follow-up
    task toward a permanent home, by the apps that own them (residents/hooks.py)."""
    if problem := permanence_problem(destination, permanence):
        raise ValidationError({"permanence": problem})
    if temporary_reason and temporary_reason not in TemporaryReason.values:
        raise ValidationError({"temporary_reason": _("Velg en av årsakene.")})
    stored = Stay.objects.get(pk=stay.pk)  # decide on the stored row, not on what the caller holds
    if not stored.is_current:
        raise ValidationError({"departure_date": _("Oppholdet er allerede avsluttet.")})
    if problem := departure_date_problem(stored, departure_date):
        raise ValidationError({"departure_date": problem})
    changes = {"departure_date": departure_date, "destination": destination, "permanence": permanence}
    temporary = permanence == Permanence.TEMPORARY
    reason_label = ""
    if temporary:
        reason_label = str(TemporaryReason(temporary_reason).label if temporary_reason else _("ikke oppgitt"))

    def run_hooks(departed: Stay) -> None:
        # Each child who moves out with the resident gets the move counted (children/), and a
        # temporary exit its follow-up task (housing/), in the same transaction.
        for _name, hook in departure_hooks():
            hook(actor=actor, stay=departed, temporary=temporary, reason_label=reason_label)

    # The audit row names the fields, not the values: the reason is named when one was given.
    named = [*changes, "temporary_reason"] if temporary and temporary_reason else list(changes)
    stay, _changed = update_record(
        actor=actor,
        record=stay,
        changes=changes,
        action="stay.departed",
        expected_version=expected_version,
        audit_fields=named,
        after_save=run_hooks,
    )
    return stay


@transaction.atomic
def journal_note_add(*, actor, stay: Stay, text: str) -> JournalNote:
    note = JournalNote.objects.create(shelter_id=stay.shelter_id, stay=stay, author=actor, text=text)
    audit_stay(actor, "note.added", note, stay)
    return note
