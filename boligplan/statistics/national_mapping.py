"""How our values become the categories of the national crisis-shelter statistics.

This is the one table to change when the official reporting form has been checked (domain.md §8
marks the destination list "map it to the national statistics form before reporting"). Nothing
else in the code knows these codes. tests/statistics/test_export.py fails if a destination, permanence or
wait cause exists that this table does not map.

What was checked, and what could not be (CHECKED_ON; details in docs/rules.md):

- Confirmed from Bufdir's published statistics ("Om beboerne", bufdir.no/statistikk-og-analyse/
  krisesentrene/om-beboere, figures for 2023 and 2024): the statistics are built from one
  *beboerskjema* per stay; reporting is voluntary (krisesenterloven does not require it); the
  page reports "Hvor dro beboerne etter oppholdet?" and, as a category of its own, stays that
  ended with a return to the perpetrator (17 % of stays in 2024); only the mean length of stay is
  published (28 days in 2024).
- Not confirmed: the other answer categories of the beboerskjema's question on where the
  resident went, their codes, and whether the form separates permanent from temporary. The
  published page lists them only as a chart we could not read here, and the form itself is
  distributed to the shelters, not published. Each category below says whether it is confirmed.
- Not confirmed: length-of-stay bands. Bufdir publishes the mean only; our bands
  (statistics.LENGTH_OF_STAY_BANDS) are the shelter's own (domain.md §9), not the form's.
- Wait cause and age groups: no national counterpart found; exported per stay for the shelter's
  own use.

Meanwhile the export works as before with these categories; the statistics page and the CSV show
our labels, and a leader who reports to Bufdir must map unconfirmed categories by hand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from boligplan.residents.choices import Destination, Permanence, WaitCause

CHECKED_ON = datetime.date(2026, 12, 2)
BUFDIR_PAGE = "bufdir.no/statistikk-og-analyse/krisesentrene/om-beboere"


@dataclass(frozen=True)
class NationalCategory:
    code: str
    label: str
    confirmed: bool = False  # seen as a category of Bufdir's published statistics
    source: str = ""


def _c(code: str, label, *, confirmed: bool = False, source: str = "") -> NationalCategory:
    return NationalCategory(code, label, confirmed, source)


BACK_TO_PERPETRATOR = _c(
    "TILBAKE_VOLDSUTOVER",
    _("Tilbake til voldsutøver"),
    confirmed=True,
    source=BUFDIR_PAGE + " («retur til voldsutøver», andel av opphold)",
)
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

# Our destination (residents.choices.Destination) → the national category. Only
# BACK_TO_PERPETRATOR is confirmed as a category of the national statistics (see above).
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

# No national counterpart found for the wait cause (checked CHECKED_ON); exported per stay so that
# a shelter can report it if asked.
WAIT_CAUSE: dict[str, NationalCategory] = {
    WaitCause.MUNICIPALITY: _c("KOMMUNEN", _("Venter på kommunen")),
    WaitCause.NAV: _c("NAV", _("Venter på Nav")),
    WaitCause.LEASE_START: _c("LEIESTART", _("Venter på at leieforhold starter")),
    WaitCause.NO_SUITABLE_HOME: _c("INGEN_EGNET_BOLIG", _("Ingen egnet bolig")),
    WaitCause.OTHER: _c("ANNET", _("Annet")),
    "": _c("", ""),
}

# Age at arrival, from the birth year (the only age we store). The national age groups could not
# be confirmed (checked CHECKED_ON); these are our own.
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


def unconfirmed_destinations() -> list[NationalCategory]:
    """The reported destination categories not confirmed against Bufdir's statistics."""
    return [category for category in DESTINATION_ORDER if not category.confirmed]
