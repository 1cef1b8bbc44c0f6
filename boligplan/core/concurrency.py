"""No lost updates: every editable record carries a version number.

A form carries the version it was loaded with. Saving is a conditional UPDATE
(`WHERE pk = … AND version = …`) that also bumps the version, so of two people saving the same
record the second changes nothing and gets an EditConflict with the row as it is now. This works
the same on SQLite, where `select_for_update` is silently ignored, and on PostgreSQL.
"""

from django.db import models
from django.db.models import F


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
