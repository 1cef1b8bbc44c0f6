"""Every write to children's records: one transaction each, with its audit row inside it."""

import datetime

from django.db import transaction

from boligplan.audit.services import audit_record
from boligplan.core.concurrency import update_versioned
from boligplan.residents.choices import Permanence
from boligplan.residents.models import Stay

from .choices import Keeps, MoveKind
from .models import Child, ChildInformation, ChildMove, ChildWish


def _audit(actor, action, obj, child: Child, fields=()):
    audit_record(actor=actor, action=action, obj=obj, shelter_id=child.shelter_id, stay_id=child.stay_id, fields=fields)


@transaction.atomic
def child_add(*, actor, stay: Stay, first_name: str, birth_year: int, **details) -> Child:
    """A child arrives with the resident. Coming to the shelter is itself a move, so it is counted."""
    child = Child.objects.create(
        shelter_id=stay.shelter_id, stay=stay, first_name=first_name, birth_year=birth_year, **details
    )
    ChildMove.objects.create(
        shelter_id=stay.shelter_id, child=child, moved_on=stay.arrival_date, kind=MoveKind.TO_SHELTER
    )
    _audit(actor, "child.added", child, child)
    return child


@transaction.atomic
def child_update(*, actor, child: Child, values: dict, expected_version: int | None = None) -> Child:
    stored = Child.objects.get(pk=child.pk)  # compare with the stored row, not a form-mutated copy
    changed = [name for name, value in values.items() if getattr(stored, name) != value]
    child = update_versioned(stored, expected_version=expected_version, changes=values)
    _audit(actor, "child.updated", child, child, changed)
    return child


@transaction.atomic
def child_wish_add(*, actor, child: Child, asked_on: datetime.date, words: str) -> ChildWish:
    wish = ChildWish.objects.create(
        shelter_id=child.shelter_id, child=child, asked_on=asked_on, asked_by=actor, words=words
    )
    _audit(actor, "child.wish_added", wish, child)
    return wish


@transaction.atomic
def child_information_add(*, actor, child: Child, **values) -> ChildInformation:
    entry = ChildInformation.objects.create(shelter_id=child.shelter_id, child=child, told_by=actor, **values)
    _audit(actor, "child.information_added", entry, child, ["phase"])
    return entry


@transaction.atomic
def child_move_add(*, actor, child: Child, **values) -> ChildMove:
    move = ChildMove.objects.create(shelter_id=child.shelter_id, child=child, **values)
    _audit(actor, "child.move_added", move, child, ["kind"])
    return move


def children_record_departure(*, actor, stay: Stay) -> None:
    """Count the move out of the shelter for every child on the stay.

    Called by the departure service inside its transaction. A school change is counted when the
    staff recorded that the child does not keep its kindergarten/school.
    """
    for child in Child.objects.filter(stay=stay):
        move = ChildMove.objects.create(
            shelter_id=stay.shelter_id,
            child=child,
            moved_on=stay.departure_date,
            kind=MoveKind.FROM_SHELTER,
            temporary=stay.permanence == Permanence.TEMPORARY,
            school_changed=child.keeps_school == Keeps.NO,
        )
        _audit(actor, "child.move_added", move, child, ["kind"])
