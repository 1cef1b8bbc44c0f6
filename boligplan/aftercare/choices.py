"""Value lists for the follow-up after the stay (domain.md §8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CoordinatingService(models.TextChoices):
    """Who holds the threads after the move. Keys match housing.choices.ResponsibleParty where they overlap."""

    SHELTER = "krisesenter", _("Krisesenteret")
    NAV = "nav", _("Nav")
    HOUSING_OFFICE = "boligkontor", _("Boligkontoret / kommunen")
    CHILD_WELFARE = "barnevern", _("Barnevernet")
    HEALTH = "helse", _("Fastlege / helsetjenesten")
    OTHER = "annen", _("Annen")


class ContactKind(models.TextChoices):
    PHONE = "telefon", _("Telefon")
    TALK_AT_SHELTER = "samtale", _("Samtale på senteret")
    HOME_VISIT = "hjemmebesok", _("Hjemmebesøk")
    GROUP = "gruppe", _("Gruppe")
    ACTIVITY = "aktivitet", _("Aktivitet")
    OTHER = "annet", _("Annet")
