"""Read models for the agency directory, and the municipality-number lookup."""

import re
from dataclasses import dataclass, field

from django.db.models import Q

from .choices import AgencyKind
from .models import Agency, County, Municipality, MunicipalityNumberHistory

_DIGITS = re.compile(r"^\d{3,4}$")


# Norwegian alphabetical order ends with Æ, Ø, Å; code-point order would put Å before Ø.
_NB_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "Æ": "{", "Ø": "|", "Å": "}"})


def norwegian_sort_key(text: str) -> str:
    return text.casefold().translate(_NB_ORDER)


def normalise_number(text: str) -> str | None:
    """'301' and ' 0301 ' both mean 0301 (a leading zero is often lost in spreadsheets)."""
    text = (text or "").strip()
    if not _DIGITS.match(text):
        return None
    return text.zfill(4)


@dataclass(frozen=True)
class NumberLookup:
    """What a municipality number means today."""

    number: str
    municipality: Municipality
    earlier: MunicipalityNumberHistory | None = None  # set when the number is no longer in use
    also_possible: list[Municipality] = field(default_factory=list)  # other parts of a split municipality

    @property
    def is_current(self) -> bool:
        return self.earlier is None


def lookup_municipality_number(number: str) -> NumberLookup | None:
    """Today's municipality for a current or earlier municipality number; None if unknown."""
    number = normalise_number(number)
    if number is None:
        return None
    current = Municipality.objects.select_related("county").filter(number=number, valid_to__isnull=True).first()
    if current is not None:
        return NumberLookup(number=number, municipality=current)
    rows = list(
        MunicipalityNumberHistory.objects.select_related("municipality", "municipality__county")
        .filter(old_number=number)
        .order_by("-valid_to", "-main_successor", "municipality__name")
    )
    if not rows:
        return None
    latest = [row for row in rows if row.valid_to == rows[0].valid_to]
    main = next((row for row in latest if row.main_successor), latest[0])
    others = [row.municipality for row in latest if row is not main]
    return NumberLookup(number=number, municipality=main.municipality, earlier=main, also_possible=others)


def municipality_for_number(number: str) -> Municipality | None:
    """Today's municipality for "0301", or for an earlier number such as "3005" (Drammen 2020–2023)."""
    found = lookup_municipality_number(number)
    return found.municipality if found else None


def _name_keys(municipality: Municipality) -> set[str]:
    keys = {municipality.name.casefold(), re.sub(r" \(.*\)$", "", municipality.name).casefold()}
    for other in filter(None, municipality.other_names.split("; ")):
        keys.add(re.sub(r" \(.*\)$", "", other).casefold())
    return keys


def municipalities_named(name: str) -> list[Municipality]:
    """Current municipalities called `name` (any case; "Herøy" finds both, Sami and Kven names count).

    Compared in Python: 357 rows, and SQLite folds the case of ASCII letters only.
    """
    wanted = " ".join((name or "").split()).casefold()
    if not wanted:
        return []
    return [m for m in current_municipalities() if wanted in _name_keys(m)]


def current_municipalities():
    return Municipality.objects.filter(valid_to__isnull=True).select_related("county").order_by("name")


def current_counties():
    return County.objects.filter(valid_to__isnull=True).order_by("name")


def municipalities_in_county(county: County):
    return Municipality.objects.filter(valid_to__isnull=True, county=county).order_by("name")


def partner_municipalities(shelter_id):
    return (
        Municipality.objects.filter(valid_to__isnull=True, partner_rows__shelter_id=shelter_id)
        .select_related("county")
        .order_by("name")
    )


@dataclass(frozen=True)
class PartnerCoverage:
    """A partner municipality and the shelter's NAV and housing offices registered for it."""

    municipality: Municipality
    nav: list[Agency]
    housing: list[Agency]


@dataclass(frozen=True)
class Directory:
    local: list[Agency]
    national: list[Agency]
    partners: list[PartnerCoverage]


def agency_directory(shelter_id) -> Directory:
    """The shelter's own agencies, the national services and its partner municipalities: two queries."""
    agencies = list(
        Agency.objects.filter(Q(shelter_id=shelter_id) | Q(shelter__isnull=True))
        .select_related("municipality")
        .order_by("kind", "name")
    )
    local = [agency for agency in agencies if agency.shelter_id is not None]
    national = [agency for agency in agencies if agency.shelter_id is None]
    by_municipality: dict[int, list[Agency]] = {}
    for agency in local:
        if agency.municipality_id is not None:
            by_municipality.setdefault(agency.municipality_id, []).append(agency)
    partners = [
        PartnerCoverage(
            municipality=municipality,
            nav=[a for a in by_municipality.get(municipality.pk, []) if a.kind == AgencyKind.NAV],
            housing=[a for a in by_municipality.get(municipality.pk, []) if a.kind == AgencyKind.BOLIGKONTOR],
        )
        for municipality in sorted(partner_municipalities(shelter_id), key=lambda m: norwegian_sort_key(m.name))
    ]
    return Directory(local=local, national=national, partners=partners)
