import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from boligplan.core.concurrency import VersionedModel
from boligplan.core.dataversion import save_kwargs_keeping_versions
from boligplan.core.fields import EncryptedLongTextField, EncryptedTextField
from boligplan.core.models import Shelter
from boligplan.core.records import StayRecord, UUIDRecord, stay_link, written_by

from .choices import AddressProtection, Destination, Permanence, WaitCause


class Resident(VersionedModel, UUIDRecord):
    """An adult who stays overnight. The name is whatever the shelter prefers: full name or initials."""

    shelter = models.ForeignKey(Shelter, on_delete=models.PROTECT, related_name="residents")
    # Encrypted at rest (core/fields.py): a copied database file must not reveal who stayed here.
    display_name = EncryptedTextField(_("navn eller initialer"), max_length=120)
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"))
    address_protection = models.CharField(
        _("adressebeskyttelse"),
        max_length=30,
        choices=AddressProtection.choices,
        default=AddressProtection.UNGRADED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class StayQuerySet(models.QuerySet):
    def current(self):
        return self.filter(departure_date__isnull=True)

    def ended(self):
        return self.filter(departure_date__isnull=False)


class Stay(VersionedModel, UUIDRecord):
    """One period at the shelter, from arrival to departure (opphold)."""

    shelter = models.ForeignKey(Shelter, on_delete=models.PROTECT, related_name="stays")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="stays")
    arrival_date = models.DateField(_("ankomstdato"))
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="stays_as_contact",
        verbose_name=_("kontaktperson"),
    )
    ready_to_move_date = models.DateField(_("Klar til å flytte ut (hvis bolig var på plass)"), null=True, blank=True)
    planned_departure_date = models.DateField(_("planlagt utflytting"), null=True, blank=True)
    wait_cause = models.CharField(_("årsak til venting"), max_length=20, choices=WaitCause.choices, blank=True)
    departure_date = models.DateField(_("utflyttingsdato"), null=True, blank=True)
    destination = models.CharField(_("flytter til"), max_length=30, choices=Destination.choices, blank=True)
    # The address of the home after the stay. Encrypted at rest, masked when protected, and never
    # stored at all for a strictly confidential address (services refuse it).
    new_home_address = EncryptedTextField(_("adresse til ny bolig"), max_length=200, blank=True)
    # Set when the retention policy anonymised the stay (core/retention.py).
    purged_on = models.DateField(null=True, blank=True, editable=False)
    permanence = models.CharField(_("varig eller midlertidig"), max_length=12, choices=Permanence.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved by every write that names the stay (core/dataversion.bump): the key of the stay's
    # cached row on the overview. Never written by save().
    row_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = StayQuerySet.as_manager()

    def save(self, *args, **kwargs):
        super().save(*args, **save_kwargs_keeping_versions(self, kwargs, ("row_version",)))

    class Meta:
        ordering = ["-arrival_date"]
        constraints = [
            # The database itself refuses a second open stay, so no race can create one.
            models.UniqueConstraint(
                fields=["resident"], condition=Q(departure_date__isnull=True), name="one_open_stay_per_resident"
            ),
            models.CheckConstraint(
                condition=Q(departure_date__isnull=True) | Q(departure_date__gte=F("arrival_date")),
                name="departure_not_before_arrival",
            ),
            models.CheckConstraint(
                condition=Q(ready_to_move_date__isnull=True)
                | (
                    Q(ready_to_move_date__gte=F("arrival_date"))
                    & (Q(departure_date__isnull=True) | Q(ready_to_move_date__lte=F("departure_date")))
                ),
                name="ready_to_move_within_stay",
            ),
            models.CheckConstraint(
                condition=Q(departure_date__isnull=True) | (~Q(destination="") & ~Q(permanence="")),
                name="departure_has_destination",
            ),
        ]
        indexes = [models.Index(fields=["shelter", "departure_date"], name="stay_shelter_departure")]

    def __str__(self) -> str:
        return f"Opphold {self.arrival_date:%Y-%m-%d}"

    @property
    def is_current(self) -> bool:
        return self.departure_date is None

    @property
    def assessment_due_on(self) -> datetime.date:
        """The housing assessment is due the shelter's number of days after arrival."""
        return self.arrival_date + datetime.timedelta(days=self.shelter.assessment_due_days)

    def assessment_overdue(self, *, completed: bool, today: datetime.date) -> bool:
        """Not completed, and the day it was due has passed."""
        return not completed and today > self.assessment_due_on


class JournalNote(StayRecord):
    """A dated note on a stay. Notes are never edited away: a correction is a new note."""

    str_label = "Note"
    stay = stay_link("notes")
    author = written_by()
    written_at = models.DateTimeField(auto_now_add=True)
    text = EncryptedLongTextField(_("notat"), max_length=5000)

    class Meta:
        ordering = ["-written_at"]
