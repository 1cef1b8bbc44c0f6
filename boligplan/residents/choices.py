"""Value lists for stays, from domain.md §8. Labels are the words staff use."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Destination(models.TextChoices):
    BACK_TO_PERPETRATOR = "tilbake_voldsutover", _("Tilbake til voldsutøver")
    PREVIOUS_HOME = "tidligere_bolig", _("Tidligere bolig uten voldsutøver")
    NEW_PRIVATE_RENTAL = "ny_privat_leie", _("Ny bolig – privat leie")
    NEW_MUNICIPAL = "ny_kommunal", _("Ny bolig – kommunal")
    NEW_OWNED = "ny_eid", _("Ny bolig – eid (startlån/Eie først)")
    FAMILY_FRIENDS = "familie_venner", _("Familie/venner")
    OTHER_SHELTER = "annet_krisesenter", _("Annet krisesenter")
    HOUSING_AND_SUPPORT = "bo_og_stotte", _("Bo- og støttetilbud")
    ROSA = "rosa", _("ROSA")
    TEMPORARY_NAV = "midlertidig_nav", _("Midlertidig botilbud (Nav)")
    INSTITUTION = "institusjon", _("Institusjon")
    OTHER = "annet", _("Annet")
    UNKNOWN = "ukjent", _("Ukjent")


class Permanence(models.TextChoices):
    PERMANENT = "varig", _("Varig")
    TEMPORARY = "midlertidig", _("Midlertidig")


# Destinations that are temporary by their nature: a stay ending there is never a permanent exit.
# Source: Bufdir's shelter guide ("Bolig etter oppholdet": avoid temporary solutions) and
# sosialtjenesteloven § 27 (NAV's offer is temporary housing); checked 2026-12-02.
TEMPORARY_BY_NATURE = frozenset(
    {Destination.TEMPORARY_NAV.value, Destination.OTHER_SHELTER.value, Destination.FAMILY_FRIENDS.value}
)


class TemporaryReason(models.TextChoices):
    """Why the resident moves out to a temporary place (asked when the exit is temporary)."""

    WAITING = "venter_varig", _("Venter på varig bolig som ikke er klar ennå")
    NO_HOME_FOUND = "ingen_bolig", _("Fant ikke varig bolig i tide")
    SAFETY = "sikkerhet", _("Sikkerhetshensyn")
    OWN_CHOICE = "eget_valg", _("Beboerens eget valg")
    OTHER = "annet", _("Annet")


class WaitCause(models.TextChoices):
    MUNICIPALITY = "kommunen", _("Venter på kommunen")
    NAV = "nav", _("Venter på Nav")
    LEASE_START = "leiestart", _("Venter på at leieforhold starter")
    NO_SUITABLE_HOME = "ingen_egnet", _("Ingen egnet bolig")
    OTHER = "annet", _("Annet")


class AddressProtection(models.TextChoices):
    """The population register's grading (adressebeskyttelse). The police decide, not the resident."""

    UNGRADED = "UGRADERT", _("Ugradert")
    CONFIDENTIAL = "FORTROLIG", _("Fortrolig (tidligere kode 7)")
    STRICTLY_CONFIDENTIAL = "STRENGT_FORTROLIG", _("Strengt fortrolig (tidligere kode 6)")
    STRICTLY_CONFIDENTIAL_ABROAD = "STRENGT_FORTROLIG_UTLAND", _("Strengt fortrolig, utland")

    @classmethod
    def forbids_storing(cls, value: str) -> bool:
        return value in (cls.STRICTLY_CONFIDENTIAL, cls.STRICTLY_CONFIDENTIAL_ABROAD)


# What letters and forms use for a strictly confidential address (domain.md §6).
FORWARDING_ADDRESS = "SOT6, Postboks 2094 Vika, 0125 Oslo"
