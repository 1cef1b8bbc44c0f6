"""Every write to the agency directory: one transaction each, its audit row inside it.

Audit rows name the agency or shelter by id and the changed fields by name; never a name,
phone number or note.
"""

from django.db import transaction

from boligplan.audit.services import audit_record
from boligplan.core.models import Shelter
from boligplan.core.writes import update_record

from .models import Agency, County, Municipality, ShelterPartnerMunicipality

AGENCY_FIELDS = ("kind", "name", "municipality", "phone", "email", "address", "opening_hours", "notes")


def _values(values: dict) -> dict:
    unknown = set(values) - set(AGENCY_FIELDS)
    if unknown:
        raise ValueError(f"not agency fields: {sorted(unknown)}")
    return values


@transaction.atomic
def agency_create(*, actor, shelter: Shelter, values: dict) -> Agency:
    agency = Agency(shelter=shelter, **_values(values))
    agency.full_clean()
    agency.save()
    audit_record(
        actor=actor,
        action="agency.created",
        obj=agency,
        shelter_id=shelter.pk,
        fields=[name for name, value in values.items() if value not in ("", None)],
    )
    return agency


@transaction.atomic
def agency_update(*, actor, agency: Agency, values: dict) -> Agency:
    # Compare with the row as stored now, not with an instance a form may already have changed.
    stored = Agency.objects.select_for_update().get(pk=agency.pk, shelter_id=agency.shelter_id)  # type: ignore[misc]  # None: a national row
    agency, _changed = update_record(
        actor=actor, record=stored, changes=_values(values), action="agency.updated", skip_if_unchanged=True
    )
    return agency


@transaction.atomic
def agency_remove(*, actor, agency: Agency) -> None:
    audit_record(actor=actor, action="agency.removed", obj=agency, shelter_id=agency.shelter_id)
    Agency.objects.filter(pk=agency.pk, shelter_id=agency.shelter_id).delete()  # type: ignore[misc]


@transaction.atomic
def partner_municipalities_set(
    *, actor, shelter: Shelter, county: County, municipalities: list[Municipality]
) -> tuple[int, int]:
    """Make the shelter's partner municipalities within `county` exactly `municipalities`.

    Partners in other counties are left as they are. Returns (added, removed).
    """
    if any(m.county_id != county.pk for m in municipalities):
        raise ValueError("every municipality must belong to the county being edited")
    current = set(
        ShelterPartnerMunicipality.objects.filter(shelter=shelter, municipality__county=county).values_list(
            "municipality_id", flat=True
        )
    )
    wanted = {m.pk for m in municipalities}
    removed = current - wanted
    added = wanted - current
    ShelterPartnerMunicipality.objects.filter(shelter=shelter, municipality_id__in=removed).delete()
    ShelterPartnerMunicipality.objects.bulk_create(
        [ShelterPartnerMunicipality(shelter=shelter, municipality_id=pk) for pk in sorted(added)]
    )
    if added or removed:
        audit_record(actor=actor, action="shelter.partner_municipalities_changed", obj=shelter, shelter_id=shelter.pk)
    return len(added), len(removed)
