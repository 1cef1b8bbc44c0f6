"""The agency directory and the municipality reference data it leans on.

Counties, municipalities and old municipality numbers are reference data shipped with the app
(data/*.csv, loaded by a data migration); agencies are each shelter's own directory, plus a few
national services that every shelter sees (shelter is empty for those).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from boligplan.core.fields import EncryptedLongTextField
from boligplan.core.models import Shelter
from boligplan.core.records import UUIDRecord

from .choices import AgencyKind


class County(models.Model):
    """A county (fylke). Counties of earlier structures are kept with their end date."""

    number = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=60)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality (kommune) of the current structure.

    valid_from is when its number took effect; empty means before 2020 (the earliest change the
    shipped data dates). valid_to stays empty while the municipality exists.
    """

    number = models.CharField(_("kommunenummer"), max_length=4)
    name = models.CharField(_("navn"), max_length=80)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    other_names = models.CharField(_("samiske og kvenske navn"), max_length=200, blank=True)

    class Meta:
        ordering = ["name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=Q(valid_to__isnull=True), name="agencies_one_current_municipality_number"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}"


class MunicipalityNumberHistory(models.Model):
    """An earlier municipality number and the municipality of today that holds its area.

    A municipality split in two (Ålesund 2024) gives one row per successor; the one that kept
    the name is the main successor, the one a lookup answers with.
    """

    old_number = models.CharField(_("tidligere kommunenummer"), max_length=4, db_index=True)
    old_name = models.CharField(_("tidligere navn"), max_length=80)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"))
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="earlier_numbers")
    main_successor = models.BooleanField(_("hovedetterfølger"), default=True)

    class Meta:
        ordering = ["-valid_to", "old_number", "-main_successor"]
        constraints = [
            models.UniqueConstraint(
                fields=["old_number", "valid_to", "municipality"], name="agencies_one_history_row_per_successor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_number} {self.old_name} → {self.municipality.number}"


class ShelterPartnerMunicipality(models.Model):
    """A municipality the shelter serves (samarbeidskommune)."""

    shelter = models.ForeignKey(Shelter, on_delete=models.CASCADE, related_name="partner_municipalities")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="partner_rows")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shelter", "municipality"], name="agencies_one_partner_row"),
        ]

    def __str__(self) -> str:
        return f"{self.shelter_id} – {self.municipality_id}"


class Agency(UUIDRecord):
    """An office the shelter works with. Contact details are the office's public ones."""

    shelter = models.ForeignKey(Shelter, on_delete=models.CASCADE, null=True, blank=True, related_name="agencies")
    # Set only on national services loaded from data/national_agencies.csv, so reloading updates them.
    national_key = models.SlugField(max_length=40, null=True, blank=True, unique=True)
    kind = models.CharField(_("type instans"), max_length=20, choices=AgencyKind.choices)
    name = models.CharField(_("navn"), max_length=120)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), max_length=120, blank=True)
    address = models.CharField(_("besøksadresse"), max_length=200, blank=True)
    opening_hours = models.CharField(_("åpningstid"), max_length=200, blank=True)
    notes = EncryptedLongTextField(_("merknader"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shelter__isnull=False) | Q(national_key__isnull=False),
                name="agencies_agency_belongs_to_shelter_or_is_national",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.shelter_id is None
