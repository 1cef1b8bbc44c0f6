from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    NAV = "nav", _("Nav-kontor")
    BOLIGKONTOR = "boligkontor", _("Boligkontor / boligtjeneste")
    POLITI = "politi", _("Politi")
    KOMPETANSETEAMET = "kompetanseteamet", _("Kompetanseteamet")
    ROSA = "rosa", _("ROSA")
    BARNEVERN = "barnevern", _("Barnevern")
    FAMILIEVERN = "familievern", _("Familievern")
    ANNEN = "annen", _("Annen instans")
