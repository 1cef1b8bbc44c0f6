"""Value lists for the private rental search (domain.md § 4, the private rental row)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AdStatus(models.TextChoices):
    """Where an ad stands. Changes are free in both directions: a landlord may call back."""

    REVIEWING = "vurderes", _("Vurderes")
    CONTACTED = "kontaktet", _("Kontaktet")
    VIEWING_BOOKED = "visning_avtalt", _("Visning avtalt")
    APPLIED = "sokt", _("Søkt")
    OFFERED = "tilbud", _("Tilbud")
    ACCEPTED = "takket_ja", _("Takket ja")
    DECLINED = "takket_nei", _("Takket nei")


class AdSource(models.TextChoices):
    FINN = "finn", _("finn.no")
    HYBEL = "hybel", _("Hybel.no")
    HOUSING_COOP = "boligbyggelag", _("Boligbyggelag eller utleieselskap")
    PERSONAL = "kontakt", _("Kontakt eller nettverk")
    OTHER = "annet", _("Annet")


class ContactKind(models.TextChoices):
    PHONE = "telefon", _("Telefon")
    EMAIL = "e_post", _("E-post")
    MESSAGE = "melding", _("Melding (SMS, finn.no e.l.)")
