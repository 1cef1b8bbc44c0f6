from django.db import models
from django.utils.translation import gettext_lazy as _


class MovePhase(models.TextChoices):
    BEFORE = "for", _("Før flytting")
    DURING = "under", _("Under flytting")
    AFTER = "etter", _("Etter flytting")


class MoveKind(models.TextChoices):
    BEFORE_SHELTER = "for_krisesenter", _("Flytting før krisesenteret")
    TO_SHELTER = "til_krisesenter", _("Til krisesenteret")
    FROM_SHELTER = "fra_krisesenter", _("Fra krisesenteret til ny bolig")
    AFTER_STAY = "etter_opphold", _("Flytting etter oppholdet")


class Keeps(models.TextChoices):
    YES = "ja", _("Ja, beholder")
    NO = "nei", _("Nei, må bytte")
    UNCERTAIN = "usikker", _("Usikker")
