"""The private rental search of one stay: ads, the contact log, viewings and the income figure.

An ad keeps only the area (a district or neighbourhood), never a street address: the new
home's address, once there is a contract, belongs on the protected address page of the stay.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from boligplan.core.fields import EncryptedTextField
from boligplan.core.records import CaseRecord, StayRecord, assigned_staff, stay_link, written_by

from .choices import AdSource, AdStatus, ContactKind

# Upper bounds that catch a slipped key (an extra zero), not a judgement about the market.
MAX_MONTHLY_RENT = 100_000
MAX_MONTHLY_INCOME = 500_000
MAX_ROOMS = 20


def new_calendar_uid() -> str:
    """A calendar UID that says nothing about the resident or the record (not the row's id)."""
    return f"{uuid.uuid4().hex}@boligplan"


class RentalAd(CaseRecord):
    stay = stay_link("rental_ads")
    area = EncryptedTextField(
        _("område"), max_length=80, help_text=_("Område eller bydel, aldri gateadresse. For eksempel «Sagene».")
    )
    monthly_rent = models.PositiveIntegerField(
        _("husleie per måned (kr)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHLY_RENT)]
    )
    deposit = models.PositiveIntegerField(
        _("depositum (kr)"), default=0, validators=[MaxValueValidator(6 * MAX_MONTHLY_RENT)]
    )
    rooms = models.PositiveSmallIntegerField(
        _("antall rom"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_ROOMS)]
    )
    link = EncryptedTextField(
        _("lenke til annonsen"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    source = models.CharField(_("kilde"), max_length=20, choices=AdSource.choices)
    status = models.CharField(_("status"), max_length=20, choices=AdStatus.choices, default=AdStatus.REVIEWING)
    status_changed_on = models.DateField(_("status endret"))
    created_by = written_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["stay", "status"], name="rental_ad_stay_status")]

    @property
    def is_accepted(self) -> bool:
        return self.status == AdStatus.ACCEPTED


class RentalContact(StayRecord):
    """One contact with a landlord about an ad. Append-only, like journal notes."""

    ad = models.ForeignKey(RentalAd, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("hvordan"), max_length=20, choices=ContactKind.choices)
    contacted_on = models.DateField(_("dato"))
    outcome = EncryptedTextField(_("hva kom ut av det"), max_length=500)
    created_by = written_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-created_at"]


class Viewing(CaseRecord):
    ad = models.ForeignKey(RentalAd, on_delete=models.CASCADE, related_name="viewings")
    date = models.DateField(_("dato"))
    starts_at = models.TimeField(_("fra klokken"))
    ends_at = models.TimeField(_("til klokken"))
    staff = assigned_staff(_("ansatt som blir med"))
    note = EncryptedTextField(_("merknad"), max_length=300, blank=True)
    calendar_uid = models.CharField(max_length=60, default=new_calendar_uid, editable=False, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "starts_at"]
        indexes = [models.Index(fields=["stay", "date"], name="viewing_stay_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="viewing_ends_after_start"
            )
        ]


class RentalSearch(CaseRecord):
    """The figures of the search that belong to the household, not to one ad (one per stay)."""

    stay = stay_link("rental_search", one_per_stay=True)
    household_monthly_income = models.PositiveIntegerField(
        _("husstandens inntekt per måned etter skatt (kr)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_MONTHLY_INCOME)],
        help_text=_("Slik den er oppgitt: lønn, ytelser og bidrag til sammen, etter skatt."),
    )
    updated_at = models.DateTimeField(auto_now=True)
