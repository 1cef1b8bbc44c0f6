"""The write path, written once: change a record, bump its version, write its one audit row.

Every service that edits an existing record does the same four things: compare the new values with
the row as stored, save them only if nobody else saved the row since the form was loaded (the
version check of core/concurrency.py), and write one audit row naming the changed fields (names
only, never values) in the same transaction. `update_record` does them; `audit_stay` writes the
audit row of any other write about a stay's case.

The audit row goes through audit/services.audit_record, which also moves the shelter's data
version (core/dataversion.py), so a cached page never outlives the change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import models

from boligplan.audit.services import audit_record

from .concurrency import changed_fields, save_stay_record, update_versioned
from .records import STAY_MODEL

M = TypeVar("M", bound=models.Model)


def audit_stay(actor, action: str, obj, stay, fields: Iterable[str] = ()):
    """The audit row of a write about one stay's case.

    `stay` is the Stay, or a record on it that carries its `shelter_id` and `stay_id` (a child).
    """
    stay_id = stay.stay_id if hasattr(stay, "stay_id") else stay.pk
    return audit_record(actor=actor, action=action, obj=obj, shelter_id=stay.shelter_id, stay_id=stay_id, fields=fields)


def _scope(record: models.Model):
    """(shelter_id, stay_id) of the audit row about `record`: a shelter is its own shelter, a stay
    its own stay; anything else carries its shelter_id (and stay_id, when it belongs to a stay)."""
    from .models import Shelter

    if isinstance(record, Shelter):
        return record.pk, None
    # Every case record has a shelter (the models' shared shape); read by name, as mypy cannot know it.
    shelter_id = getattr(record, "shelter_id")  # noqa: B009
    if record._meta.label == STAY_MODEL:
        return shelter_id, record.pk
    return shelter_id, getattr(record, "stay_id", None)


def update_record(
    *,
    actor,
    record: M,
    changes: dict,
    action: str,
    expected_version: int | None = None,
    stay=None,
    stamps: dict | None = None,
    fields_if_unchanged: Iterable[str] = (),
    skip_if_unchanged: bool = False,
    audit_fields: Iterable[str] | None = None,
    after_save: Callable[[M], object] | None = None,
) -> tuple[M, list[str]]:
    """Save `changes` to the versioned `record` and write its one audit row; (fresh row, changed names).

    `record` is the row as stored (read it again in the service: a ModelForm has already copied
    its input onto the instance it was given). The changed names are those of `changes` that
    differ from it; `changes` is written as given, conditional on `expected_version` (None: the
    current version) and with the version bumped, so a save loaded from an older version raises
    EditConflict and changes nothing. `stamps` are written too and always named in the audit row
    (a status change's date). The audit row is `action` about the fresh row, in the shelter and
    stay of `stay` (see audit_stay) or else of the record itself; it names the changed fields, or
    `fields_if_unchanged` when nothing changed (a save that changes nothing is still a save: the
    version moves and the row is written) — unless `skip_if_unchanged`: then nothing is saved or
    audited and `record` comes back as it is. `audit_fields`, when given, are what the row names
    instead (a service whose row has always named every field it was given). `after_save(fresh)`
    runs between the save and the audit row, in the same transaction (what other apps do when a
    stay ends: their rows come before the departure's own).

    A record without a version (an agency in the directory) is set, validated (full_clean) and
    saved whole instead; `expected_version` must then be None.
    """
    changed = changed_fields(record, changes)
    if skip_if_unchanged and not changed:
        return record, changed
    stamps = stamps or {}
    if hasattr(record, "version"):
        fresh = update_versioned(record, expected_version=expected_version, changes={**changes, **stamps})
    else:
        if expected_version is not None:
            raise ValueError(f"{record._meta.label} has no version to check")
        for name in changed:
            setattr(record, name, changes[name])
        for name, value in stamps.items():
            setattr(record, name, value)
        record.full_clean()
        record.save()
        fresh = record
    if after_save is not None:
        after_save(fresh)
    if audit_fields is not None:
        fields = list(audit_fields)
    else:
        fields = [*changed, *(name for name in stamps if name not in changed)] or list(fields_if_unchanged)
    if stay is not None:
        audit_stay(actor, action, fresh, stay, fields)
    else:
        shelter_id, stay_id = _scope(fresh)
        audit_record(actor=actor, action=action, obj=fresh, shelter_id=shelter_id, stay_id=stay_id, fields=fields)
    return fresh, changed


def save_case_record(
    *,
    actor,
    model: type[M],
    stay,
    values: dict,
    action: str,
    expected_version: int | None,
    stored: M | None,
    on_create: dict | None = None,
) -> tuple[M, list[str]]:
    """Create or update the stay's one `model` row (see concurrency.save_stay_record) and write its
    audit row `action` naming the changed fields; (row, changed names).

    The write path of the records a stay has one of (an assessment, a plan, the rental figures):
    the first save creates the row, every later one is a versioned update.
    """
    row, changed = save_stay_record(
        model, stay=stay, values=values, expected_version=expected_version, stored=stored, on_create=on_create
    )
    audit_stay(actor, action, row, stay, changed)
    return row, changed


def completion_stamp(stored, *, complete: bool, on: str, by: str, today, actor) -> dict:
    """`{on: today, by: actor}` when this save completes a record not completed before, else {}.

    An assessment (housing, safe return) is completed once: later edits keep the first date and
    person, as the date answers "how soon was it done", which an edit must not move.
    """
    if complete and (stored is None or getattr(stored, on) is None):
        return {on: today, by: actor}
    return {}
