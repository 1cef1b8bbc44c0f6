"""Value lists for the safety work (domain.md §5). Yes/no/uncertain and lease holders come from housing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LeaseSorted(models.TextChoices):
    NOT_CLARIFIED = "ikke_avklart", _("Ikke avklart")
    IN_PROGRESS = "under_arbeid", _("Under arbeid")
    SORTED = "ordnet", _("Ordnet")


class LocksChanged(models.TextChoices):
    NO = "nei", _("Nei")
    PLANNED = "planlagt", _("Planlagt")
    CHANGED = "byttet", _("Byttet")


class MeasureKind(models.TextChoices):
    VISITING_BAN = "besoksforbud", _("Besøksforbud")
    VISITING_BAN_OWN_HOME = "besoksforbud_eget_hjem", _("Besøksforbud i eget hjem")
    CONTACT_BAN = "kontaktforbud", _("Kontaktforbud")
    CONTACT_BAN_OWN_HOME = "kontaktforbud_eget_hjem", _("Kontaktforbud som omfatter eget hjem")
    ALARM = "voldsalarm", _("Mobil voldsalarm")
    REVERSE_ALARM = "omvendt_voldsalarm", _("Omvendt voldsalarm (elektronisk kontroll)")
    ADDRESS_BLOCK = "adressesperre", _("Adressesperre")


class MeasureStatus(models.TextChoices):
    CONSIDERED = "vurderes", _("Vurderes")
    # The stored value keeps its old name; staff read "Bedt om" (the resident asked the police).
    REQUESTED = "anmodet", _("Bedt om")
    GRANTED = "innvilget", _("Innvilget")
    REFUSED = "avslatt", _("Avslått")
    EXPIRED = "utlopt", _("Utløpt")


class ChecklistChoice(models.TextChoices):
    OK = "ok", _("I orden")
    FOLLOW_UP = "folges_opp", _("Må følges opp")
    NOT_RELEVANT = "ikke_aktuelt", _("Ikke aktuelt")
