"""Every write to the safety work: one transaction each, with its audit row inside it."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from boligplan.core.concurrency import EditConflict, changed_fields, update_versioned
from boligplan.core.writes import audit_stay, completion_stamp, save_case_record, update_record
from boligplan.residents.models import Stay

from .checklist import item_keys
from .choices import ChecklistChoice
from .models import ChecklistAnswer, SafeReturnAssessment, SafetyMeasure
from .rules import measure_problems, safe_return_problems

NOTE_MAX = 500


def _raise_problems(problems: dict) -> None:
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def safe_return_save(
    *, actor, stay: Stay, values: dict, complete: bool, today: datetime.date, expected_version: int | None = None
) -> SafeReturnAssessment:
    """Save the safe-return assessment as it is; `complete` records who finished it and when.

    As with the housing assessment, a completed one is edited in place and keeps its date.
    Raises EditConflict when someone else saved it after `expected_version` was loaded.
    """
    stored = SafeReturnAssessment.objects.filter(stay=stay).first()
    # A completed assessment stays complete: later edits must keep what completing required.
    finished = complete or (stored is not None and stored.is_complete)
    _raise_problems(safe_return_problems(values, arrival=stay.arrival_date, today=today, complete=finished))
    stamp = completion_stamp(stored, complete=complete, on="assessed_on", by="assessed_by", today=today, actor=actor)
    assessment, _changed = save_case_record(
        actor=actor,
        model=SafeReturnAssessment,
        stay=stay,
        values={**values, **stamp},
        action="safe_return.completed" if complete else "safe_return.saved",
        expected_version=expected_version,
        stored=stored,
    )
    return assessment


@transaction.atomic
def measure_record(*, actor, stay: Stay, values: dict, today: datetime.date) -> SafetyMeasure:
    """Record a measure. Not on an ended stay: new work belongs to a stay in progress."""
    if not stay.is_current:
        raise ValidationError(_("Oppholdet er avsluttet. Nye sikkerhetstiltak kan ikke registreres."))
    _raise_problems(measure_problems(values, arrival=stay.arrival_date, today=today))
    measure = SafetyMeasure.objects.create(shelter_id=stay.shelter_id, stay=stay, created_by=actor, **values)
    audit_stay(actor, "measure.recorded", measure, stay, ["kind", "status"])
    return measure


@transaction.atomic
def measure_update(
    *, actor, measure: SafetyMeasure, values: dict, today: datetime.date, expected_version: int | None = None
) -> SafetyMeasure:
    """Change a measure, also on an ended stay (e.g. to mark it expired: the history must be right)."""
    stay = measure.stay
    _raise_problems(measure_problems(values, arrival=stay.arrival_date, today=today))
    # Compare with the stored row: a ModelForm has already copied its input onto `measure`.
    stored = SafetyMeasure.objects.get(pk=measure.pk)
    measure, _changed = update_record(
        actor=actor, record=stored, changes=values, action="measure.updated", expected_version=expected_version
    )
    return measure


@dataclass(frozen=True)
class ItemInput:
    """What the checklist form sent for one item, and the version of the answer it was loaded with."""

    answer: str
    note: str
    version: int  # 0: there was no answer when the form was loaded


class ChecklistConflict(EditConflict):
    """Someone else saved some of the same items after the form was loaded."""

    def __init__(self, keys: list[str], current: dict[str, ChecklistAnswer]):
        super().__init__(current)
        self.keys = keys


@transaction.atomic
def checklist_save(*, actor, stay: Stay, items: dict[str, ItemInput], today: datetime.date) -> int:
    """Save the items whose answer or note changed, each dated today by `actor`; returns how many.

    Unchanged items keep their date and author: the date says when that point was gone through.
    An item cleared of both answer and note is removed (it counts as not gone through again).
    """
    known = item_keys()
    problems: dict[str, str] = {}
    for key, given in items.items():
        if key not in known:
            problems["__all__"] = _("Ukjent punkt på sjekklisten.")
        elif given.answer and given.answer not in ChecklistChoice.values:
            problems[f"answer_{key}"] = _("Velg et av svarene.")
        elif given.note and not given.answer:
            problems[f"answer_{key}"] = _("Velg et svar når du skriver et notat.")
        elif len(given.note) > NOTE_MAX:
            problems[f"note_{key}"] = _("Notatet kan ha høyst %(max)s tegn.") % {"max": NOTE_MAX}
    _raise_problems(problems)

    stored = {a.item_key: a for a in ChecklistAnswer.objects.filter(stay=stay, item_key__in=list(items))}
    changes = {key: given for key, given in items.items() if _differs(stored.get(key), given)}
    loaded = {key: answer.version for key, answer in stored.items()}
    conflicts = [key for key, given in changes.items() if loaded.get(key, 0) != given.version]
    if conflicts:
        raise ChecklistConflict(sorted(conflicts), stored)

    fields: set[str] = set()
    for key, given in changes.items():
        answer = stored.get(key)
        if answer is None:
            fields |= {"answer", "note"} if given.note else {"answer"}
            try:
                with transaction.atomic():
                    ChecklistAnswer.objects.create(
                        shelter_id=stay.shelter_id,
                        stay=stay,
                        item_key=key,
                        answer=given.answer,
                        note=given.note,
                        answered_on=today,
                        answered_by=actor,
                    )
            except IntegrityError as exc:  # someone answered the same item first
                raise ChecklistConflict([key], stored) from exc
        else:
            fields |= set(changed_fields(answer, {"answer": given.answer, "note": given.note}))
            if not given.answer:
                answer.delete()
                continue
            try:
                update_versioned(
                    answer,
                    expected_version=given.version,
                    changes={"answer": given.answer, "note": given.note, "answered_on": today, "answered_by": actor},
                )
            except EditConflict as exc:
                raise ChecklistConflict([key], stored) from exc
    if changes:
        audit_stay(actor, "checklist.answered", stay, stay, [*sorted(fields), f"items={len(changes)}"])
    return len(changes)


def _differs(stored: ChecklistAnswer | None, given: ItemInput) -> bool:
    if stored is None:
        return bool(given.answer)
    return (stored.answer, stored.note) != (given.answer, given.note)
