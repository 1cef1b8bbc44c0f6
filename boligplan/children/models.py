from django.db import models
from django.utils.translation import gettext_lazy as _

from boligplan.core.fields import EncryptedLongTextField, EncryptedTextField
from boligplan.core.models import Shelter
from boligplan.core.records import CaseRecord, ShelterRecord, assigned_staff, stay_link, written_by

from .choices import Keeps, MoveKind, MovePhase


class Child(CaseRecord):
    """A child who came with a resident on a stay (domain.md §7)."""

    shelter = models.ForeignKey(Shelter, on_delete=models.PROTECT, related_name="children")
    stay = stay_link("children")
    first_name = EncryptedTextField(_("fornavn"), max_length=60)
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"))
    contact_person = assigned_staff(_("barnets kontaktperson"), related_name="children_followed")
    school = EncryptedTextField(_("barnehage eller skole"), max_length=120, blank=True)
    activities = EncryptedTextField(_("fritidsaktiviteter"), max_length=300, blank=True)
    # Continuity with the home chosen for after the stay.
    keeps_school = models.CharField(_("beholder barnehage/skole"), max_length=10, choices=Keeps.choices, blank=True)
    keeps_activities = models.CharField(
        _("beholder fritidsaktiviteter"), max_length=10, choices=Keeps.choices, blank=True
    )
    keeps_friends = models.CharField(_("beholder venner i nærheten"), max_length=10, choices=Keeps.choices, blank=True)
    # Words for the child's plan, written for the child by the staff; optional.
    plan_before = EncryptedLongTextField(_("før flyttingen"), max_length=1000, blank=True)
    plan_during = EncryptedLongTextField(_("når dere flytter"), max_length=1000, blank=True)
    plan_after = EncryptedLongTextField(_("etter flyttingen"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Not by first name: it is encrypted at rest, and the database cannot sort ciphertext.
        ordering = ["birth_year", "created_at"]


class ChildWish(ShelterRecord):
    """What the child wants, in the child's own words (CRC art. 12: the right to be heard)."""

    str_label = "Wish"
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="wishes")
    asked_on = models.DateField(_("spurt dato"))
    asked_by = written_by()
    words = EncryptedLongTextField(_("barnets ønsker, med barnets egne ord"), max_length=2000)

    class Meta:
        ordering = ["-asked_on", "-id"]


class ChildInformation(ShelterRecord):
    """What the child was told, by whom, when, in which phase of the move, and how it went."""

    str_label = "Information"
    str_detail = "phase"
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="information")
    told_on = models.DateField(_("dato"))
    told_by = written_by()
    phase = models.CharField(_("fase"), max_length=10, choices=MovePhase.choices)
    what_told = EncryptedLongTextField(_("hva barnet fikk vite"), max_length=2000)
    reaction = EncryptedLongTextField(_("hvordan barnet tok det"), max_length=2000, blank=True)

    class Meta:
        ordering = ["told_on", "id"]


class ChildMove(ShelterRecord):
    """One move in the child's life: known moves before, the shelter, and homes after it."""

    str_label = "Move"
    str_detail = "kind"
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="moves")
    moved_on = models.DateField(_("dato (omtrentlig er greit)"), null=True, blank=True)
    kind = models.CharField(_("hvilken flytting"), max_length=20, choices=MoveKind.choices)
    temporary = models.BooleanField(_("midlertidig bosted"), default=False)
    school_changed = models.BooleanField(_("byttet barnehage/skole"), default=False)

    class Meta:
        ordering = ["moved_on", "id"]
