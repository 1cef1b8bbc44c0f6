"""How our values become the categories of the national crisis-shelter statistics.

This is the one table to change when the official reporting form has been checked (domain.md §8
marks the destination list "map it to the national statistics form before reporting"). The codes
and labels below are our best reading and are marked (verify) in docs/statistics.md: nothing else
in the code knows them. tests/test_export_national.py fails if a destination, permanence or wait
cause exists that this table does not map.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from boligplan.residents.choices import Destination, Permanence, WaitCause


@dataclass(frozen=True)
class NationalCategory:
    code: str
    label: str


def _c(code: str, label) -> NationalCategory:
    return NationalCategory(code, label)


BACK_TO_PERPETRATOR = _c("TILBAKE_VOLDSUTOVER", _("Tilbake til voldsutøver"))
OWN_HOME = _c("EGEN_BOLIG_UTEN_VOLDSUTOVER", _("Egen bolig uten voldsutøver"))
NEW_HOME = _c("NY_BOLIG", _("Ny bolig, leid eller eid"))
MUNICIPAL = _c("KOMMUNAL_BOLIG", _("Kommunal bolig"))
FAMILY = _c("FAMILIE_VENNER", _("Familie eller venner"))
OTHER_SHELTER = _c("ANNET_KRISESENTER", _("Annet krisesenter"))
SUPPORTED = _c("BOTILBUD_MED_OPPFOLGING", _("Botilbud med oppfølging"))
TEMPORARY = _c("MIDLERTIDIG_BOTILBUD", _("Midlertidig botilbud"))
INSTITUTION = _c("INSTITUSJON", _("Institusjon"))
OTHER = _c("ANNET", _("Annet"))
UNKNOWN = _c("UKJENT", _("Ukjent"))

# Our destination (residents.choices.Destination) → the national category. (verify)
DESTINATION: dict[str, NationalCategory] = {
    Destination.BACK_TO_PERPETRATOR: BACK_TO_PERPETRATOR,
    Destination.PREVIOUS_HOME: OWN_HOME,
    Destination.NEW_PRIVATE_RENTAL: NEW_HOME,
    Destination.NEW_OWNED: NEW_HOME,
    Destination.NEW_MUNICIPAL: MUNICIPAL,
    Destination.FAMILY_FRIENDS: FAMILY,
    Destination.OTHER_SHELTER: OTHER_SHELTER,
    Destination.HOUSING_AND_SUPPORT: SUPPORTED,
    Destination.ROSA: SUPPORTED,
    Destination.TEMPORARY_NAV: TEMPORARY,
    Destination.INSTITUTION: INSTITUTION,
    Destination.OTHER: OTHER,
    Destination.UNKNOWN: UNKNOWN,
}

# The order the national categories are reported in.
DESTINATION_ORDER: list[NationalCategory] = [
    BACK_TO_PERPETRATOR,
    OWN_HOME,
    NEW_HOME,
    MUNICIPAL,
    FAMILY,
    OTHER_SHELTER,
    SUPPORTED,
    TEMPORARY,
    INSTITUTION,
    OTHER,
    UNKNOWN,
]

PERMANENCE: dict[str, NationalCategory] = {
    Permanence.PERMANENT: _c("VARIG", _("Varig")),
    Permanence.TEMPORARY: _c("MIDLERTIDIG", _("Midlertidig")),
}

# The national form does not ask for the wait cause as far as we know; it is exported per stay so
# that a shelter can report it if asked. (verify)
WAIT_CAUSE: dict[str, NationalCategory] = {
    WaitCause.MUNICIPALITY: _c("KOMMUNEN", _("Venter på kommunen")),
    WaitCause.NAV: _c("NAV", _("Venter på NAV")),
    WaitCause.LEASE_START: _c("LEIESTART", _("Venter på at leieforhold starter")),
    WaitCause.NO_SUITABLE_HOME: _c("INGEN_EGNET_BOLIG", _("Ingen egnet bolig")),
    WaitCause.OTHER: _c("ANNET", _("Annet")),
    "": _c("", ""),
}

# Age at arrival, from the birth year (the only age we store). (verify the national groups)
AGE_GROUPS: list[tuple[int, int | None, str]] = [
    (0, 17, "under 18"),
    (18, 24, "18–24"),
    (25, 34, "25–34"),
    (35, 44, "35–44"),
    (45, 54, "45–54"),
    (55, 66, "55–66"),
    (67, None, "67+"),
]


def age_group(age: int) -> str:
    for low, high, label in AGE_GROUPS:
        if age >= low and (high is None or age <= high):
            return label
    return AGE_GROUPS[0][2]
