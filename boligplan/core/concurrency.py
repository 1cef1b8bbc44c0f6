"""No lost updates: every editable record carries a version number.

A form carries the version it was loaded with. Saving is a conditional UPDATE
(`WHERE pk = … AND version = …`) that also bumps the version, so of two people saving the same
record the second changes nothing and gets an EditConflict with the row as it is now. This works
the same on SQLite, where `select_for_update` is silently ignored, and on PostgreSQL.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

# The version a form carries when it was loaded before the record existed (see save_stay_record).
NEW_RECORD_VERSION = 0


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class EditConflict(Exception):
    """Someone else saved the record after the user loaded it."""

    def __init__(self, current):
        super().__init__("the record was changed by someone else")
        self.current = current


def update_versioned(instance, *, expected_version: int | None, changes: dict):
    """Apply `changes` to the stored row only if it still has `expected_version`.

    Returns the fresh row and updates `instance` to match. A missing expected_version (a request
    that did not come from one of our forms, which always carry it) means "the current version":
    such a request is not protected against someone else's earlier save.
    """
    model = type(instance)
    if expected_version is None:
        expected_version = model._base_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
    updated = model._base_manager.filter(pk=instance.pk, version=expected_version).update(
        **changes, version=F("version") + 1
    )
    fresh = model._base_manager.get(pk=instance.pk)
    if updated == 0:
        raise EditConflict(fresh)
    # Keep the caller's object in step too: code holding it (or a related object caching it)
    # must not go on with the values from before the save.
    for name in changes:
        setattr(instance, name, getattr(fresh, name))
    instance.version = fresh.version
    return fresh


def changed_fields(stored: models.Model, values: dict) -> list[str]:
    """The names in `values` whose value differs from the stored row's, in the order given."""
    return [name for name, value in values.items() if getattr(stored, name) != value]


def _is_set(value) -> bool:
    return value is not None and value != "" and value is not False


def save_stay_record(model, *, stay, values: dict, expected_version: int | None, stored=None, on_create=None):
    """Create the stay's one `model` row (an assessment, a plan…), or update it if it exists.

    Returns (row, changed field names for the audit row). `stored` is the row as the caller
    already read it (None: there is none yet); `on_create` holds values only a new row gets (who
    created it). The update is conditional on `expected_version` as in update_versioned; a form
    loaded with a row that is gone, or two first saves at once, raise EditConflict too. So does
    a form loaded before the row existed (NEW_RECORD_VERSION) when a row has appeared since: two
    tabs opened on an empty record must not let the second first save overwrite the first.
    """
    if stored is None:
        if expected_version:  # the form was loaded with a row that is no longer there
            raise EditConflict(model(stay=stay, shelter_id=stay.shelter_id, **values))
        row = model(stay=stay, shelter_id=stay.shelter_id, **values, **(on_create or {}))
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:  # two first saves at once: the second is a conflict
            raise EditConflict(model._base_manager.get(stay=stay)) from exc
        return row, [name for name, value in values.items() if _is_set(value)]
    if expected_version == NEW_RECORD_VERSION:  # someone else saved the first version meanwhile
        raise EditConflict(stored)
    changed = changed_fields(stored, values)
    changes = dict(values)
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        changes["updated_at"] = timezone.now()  # update() skips auto_now
    return update_versioned(stored, expected_version=expected_version, changes=changes), changed
