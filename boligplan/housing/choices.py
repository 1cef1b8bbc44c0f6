"""Value lists for the housing work, from domain.md §§ 3–4."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class YesNoUncertain(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nei", _("Nei")
    UNCERTAIN = "usikker", _("Usikker")


class YesNoUnknown(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nei", _("Nei")
    UNKNOWN = "vet_ikke", _("Vet ikke")


class Direction(models.TextChoices):
    RETURN_HOME = "tilbake", _("Tilbake til tidligere bolig")
    NEW_HOME = "ny_bolig", _("Ny bolig")
    UNDECIDED = "ikke_avklart", _("Ikke avklart")


class PreviousHomeType(models.TextChoices):
    OWNED = "eid", _("Eid")
    PRIVATE_RENTAL = "privat_leie", _("Leid privat")
    MUNICIPAL_RENTAL = "kommunal_leie", _("Kommunal utleiebolig")
    WITH_OTHERS = "bodde_hos_andre", _("Bodde hos andre")
    NONE_UNKNOWN = "ingen_ukjent", _("Ingen / ukjent")


class LeaseHolder(models.TextChoices):
    RESIDENT = "beboer", _("Beboeren")
    PERPETRATOR = "voldsutover", _("Voldsutøver")
    BOTH = "begge", _("Begge")
    OTHER = "annen", _("Andre")


class IncomeSource(models.TextChoices):
    WORK = "arbeid", _("Arbeid")
    NAV = "nav", _("Ytelser fra Nav")
    OTHER = "annet", _("Annet")
    NONE = "ingen", _("Ingen")


class Track(models.TextChoices):
    RETURN_HOME = "tilbake", _("Tilbake til tidligere bolig")
    MUNICIPAL = "kommunal_bolig", _("Kommunal bolig")
    PRIVATE_RENTAL = "privat_leie", _("Privat leie")
    START_LOAN = "startlan", _("Startlån / Eie først")
    HOUSING_AND_SUPPORT = "bo_og_stotte", _("Bo- og støttetilbud")
    ROSA = "rosa", _("ROSA")
    OTHER_SHELTER = "annet_krisesenter", _("Annet krisesenter")
    TEMPORARY_NAV = "midlertidig_nav", _("Midlertidig botilbud (Nav)")


class ResponsibleParty(models.TextChoices):
    SHELTER = "krisesenter", _("Krisesenteret")
    NAV = "nav", _("Nav")
    HOUSING_OFFICE = "boligkontor", _("Boligkontoret")
    RESIDENT = "beboer", _("Beboeren")
    POLICE = "politi", _("Politiet")
    CHILD_WELFARE = "barnevern", _("Barnevernet")
    OTHER = "annen", _("Annen")


class Agency(models.TextChoices):
    NAV = "nav", _("Nav")
    HOUSING_OFFICE = "boligkontor", _("Boligkontoret i kommunen")


class Channel(models.TextChoices):
    PHONE = "telefon", _("Telefon")
    LETTER = "brev", _("Brev")
    DIGITAL_MAIL = "digital_post", _("Sikker digital post")
    MEETING = "mote", _("Møte")


class ApplicationKind(models.TextChoices):
    MUNICIPAL_HOUSING = "kommunal_bolig", _("Kommunal bolig")
    START_LOAN = "startlan", _("Startlån")
    ESTABLISHMENT_GRANT = "tilskudd_etablering", _("Tilskudd til etablering")
    HOUSING_ALLOWANCE = "bostotte", _("Bostøtte (Husbanken)")
    DEPOSIT = "depositum", _("Depositumsgaranti / sosialhjelp til depositum (Nav)")
    TEMPORARY_HOUSING = "midlertidig_botilbud", _("Midlertidig botilbud (sosialtjenesteloven § 27)")
    INDIVIDUAL_HELP = "boligsosial_hjelp", _("Individuell hjelp etter boligsosialloven § 6")
    HOUSING_AND_SUPPORT = "bo_og_stotte", _("Henvisning til bo- og støttetilbud")
    ROSA = "rosa", _("Kontakt med ROSA")


class ApplicationStatus(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    SENT = "sendt", _("Sendt")
    IN_TREATMENT = "under_behandling", _("Under behandling")
    GRANTED = "innvilget", _("Innvilget")
    PARTLY_GRANTED = "delvis_innvilget", _("Delvis innvilget")
    REFUSED = "avslatt", _("Avslått")
    APPEALED = "klaget", _("Klaget")
    WITHDRAWN = "trukket", _("Trukket")


# A decision that refuses all or part of what was asked can be appealed (forvaltningsloven § 28).
APPEALABLE_STATUSES = (ApplicationStatus.REFUSED, ApplicationStatus.PARTLY_GRANTED)
