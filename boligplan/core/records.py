"""The shape every case record shares, declared once (ADR 0028).

A record has a random UUID as its key (an id says nothing about who or when, and ids of two
shelters never collide). A record of a shelter's case data names its shelter, which the row-level
security and every query scope by; a record about one stay names the stay too and goes with it.
An editable one carries a version (core/concurrency.py) so that no save is lost.

The abstract models only declare the fields; they add no table and change no column (the
migrations are the same with or without them). A model whose field differs (a reverse name
other code uses, a stay it has only one of) declares that field itself.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from .concurrency import VersionedModel

# Named by label so that core does not import the residents app, which is above it.
STAY_MODEL = "residents.Stay"


def stay_link(related_name: str = "+", *, one_per_stay: bool = False) -> models.ForeignKey:
    """The stay a case record belongs to: the record is deleted with the stay (retention deletes
    whole stays). `one_per_stay` for the records a stay has at most one of (an assessment, a plan)."""
    field = models.OneToOneField if one_per_stay else models.ForeignKey
    return field(STAY_MODEL, on_delete=models.CASCADE, related_name=related_name)


def written_by(*, optional: bool = False) -> models.ForeignKey:
    """Who wrote, recorded or decided what a record says. An account that did so is never deleted
    (PROTECT): it is closed instead, and the record goes on naming who did it. `optional` for a
    record that names someone only once it is done (who completed an assessment)."""
    if optional:
        return models.ForeignKey(
            settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
        )
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


def assigned_staff(verbose_name, related_name: str = "+") -> models.ForeignKey:
    """The member of staff a record is given to (a task, a viewing, a child's contact person):
    optional, and emptied when the account is deleted, as the record is about the resident."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class UUIDRecord(models.Model):
    """A row keyed by a random UUID, whose `__str__` says what it is without saying anything about whom."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    # What `__str__` calls the record (the class name when empty), and the field it adds in brackets.
    # Never a name or a free text: model reprs end up in logs and error reports.
    str_label: ClassVar[str] = ""
    str_detail: ClassVar[str] = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        text = f"{self.str_label or type(self).__name__} {str(self.pk)[:8]}"
        if self.str_detail:
            text += f" ({getattr(self, self.str_detail)})"
        return text


class ShelterRecord(UUIDRecord):
    """A row of one shelter's case data. The shelter is never deleted while it has case data (PROTECT)."""

    shelter = models.ForeignKey("core.Shelter", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class StayRecord(ShelterRecord):
    """A row about one stay that is written once and never edited (a note, a contact): no version."""

    stay = stay_link()

    class Meta:
        abstract = True


class CaseRecord(VersionedModel, StayRecord):
    """An editable row about one stay: id, shelter, stay and version (the write path is core/writes.py)."""

    class Meta:
        abstract = True
