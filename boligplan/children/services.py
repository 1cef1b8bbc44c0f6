"""Every write to children's records: one transaction each, with its audit row inside it."""

import datetime

from django.db import transaction

from boligplan.core.writes import audit_stay, update_record
from boligplan.residents.choices import Permanence
from boligplan.residents.models import Stay

from .choices import Keeps, MoveKind
from .models import Child, ChildInformation, ChildMove, ChildWish


@transaction.atomic
def child_add(*, actor, stay: Stay, first_name: str, birth_year: int, **details) -> Child:
    """A child arrives with the resident. Coming to the shelter is itself a move, so it is counted."""
    child = Child.objects.create(
        shelter_id=stay.shelter_id, stay=stay, first_name=first_name, birth_year=birth_year, **details
    )
    ChildMove.objects.create(
        shelter_id=stay.shelter_id, child=child, moved_on=stay.arrival_date, kind=MoveKind.TO_SHELTER
    )
    audit_stay(actor, "child.added", child, child)
    return child


@transaction.atomic
def child_update(*, actor, child: Child, values: dict, expected_version: int | None = None) -> Child:
    stored = Child.objects.get(pk=child.pk)  # compare with the stored row, not a form-mutated copy
    child, _changed = update_record(
        actor=actor, record=stored, changes=values, action="child.updated", expected_version=expected_version
    )
    return child


@transaction.atomic
def child_wish_add(*, actor, child: Child, asked_on: datetime.date, words: str) -> ChildWish:
    wish = ChildWish.objects.create(
        shelter_id=child.shelter_id, child=child, asked_on=asked_on, asked_by=actor, words=words
    )
    audit_stay(actor, "child.wish_added", wish, child)
    return wish


@transaction.atomic
def child_information_add(*, actor, child: Child, **values) -> ChildInformation:
    entry = ChildInformation.objects.create(shelter_id=child.shelter_id, child=child, told_by=actor, **values)
    audit_stay(actor, "child.information_added", entry, child, ["phase"])
    return entry


@transaction.atomic
def child_move_add(*, actor, child: Child, **values) -> ChildMove:
    move = ChildMove.objects.create(shelter_id=child.shelter_id, child=child, **values)
    audit_stay(actor, "child.move_added", move, child, ["kind"])
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
        audit_stay(actor, "child.move_added", move, child, ["kind"])
