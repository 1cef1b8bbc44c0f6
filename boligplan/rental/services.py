"""Every write to the rental search: one transaction each, with its audit row inside it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boligplan.core.models import Membership
from boligplan.core.writes import audit_stay, save_case_record, update_record
from boligplan.residents.models import Stay
from boligplan.residents.rules import before_arrival, not_before_arrival_message

from . import rules
from .choices import AdStatus
from .models import RentalAd, RentalContact, RentalSearch, Viewing


def _require_current(stay: Stay) -> None:
    """New ads, viewings and contacts belong to a search in progress; an ended stay keeps its history."""
    if not stay.is_current:
        raise ValidationError(_("Oppholdet er avsluttet. Boligsøket kan leses, men ingenting nytt kan legges til."))


def _check_status(values: dict) -> None:
    if "status" in values and values["status"] not in AdStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})


def _check_staff(stay: Stay, staff) -> None:
    if staff is not None and not Membership.objects.filter(user=staff, shelter_id=stay.shelter_id).exists():
        raise ValidationError({"staff": _("Velg en ansatt ved senteret.")})


# The pipeline in order; a contact or a viewing moves an ad forward, never back.
_PIPELINE: list[str] = [AdStatus.REVIEWING, AdStatus.CONTACTED, AdStatus.VIEWING_BOOKED]


def _advance(actor, ad: RentalAd, to: str) -> None:
    """Move an ad still under review (or only contacted) on to `to`, so the list says where it stands.

    A status that is further on, or a final one, is left alone: staff set those themselves.
    """
    if ad.status in _PIPELINE and _PIPELINE.index(ad.status) < _PIPELINE.index(to):
        update_record(
            actor=actor,
            record=ad,
            changes={"status": to},
            stamps={"status_changed_on": timezone.localdate()},
            action="rental_ad.updated",
        )


@transaction.atomic
def ad_record(*, actor, stay: Stay, values: dict, today: datetime.date) -> RentalAd:
    _require_current(stay)
    values = dict(values)
    _check_status(values)
    rules.check_ad(values)
    ad = RentalAd.objects.create(
        shelter_id=stay.shelter_id, stay=stay, created_by=actor, status_changed_on=today, **values
    )
    audit_stay(actor, "rental_ad.recorded", ad, stay, ["area", "monthly_rent", "deposit", "status"])
    return ad


@transaction.atomic
def ad_update(
    *, actor, ad: RentalAd, values: dict, today: datetime.date, expected_version: int | None = None
) -> RentalAd:
    """Edit an ad; a change of status (either way) records the day it changed."""
    values = dict(values)
    _check_status(values)
    stored = RentalAd.objects.get(pk=ad.pk)
    merged = {name: values.get(name, getattr(stored, name)) for name in ("area", "link", "monthly_rent", "deposit")}
    rules.check_ad(merged)
    if "area" in values:
        values["area"] = merged["area"]
    status_moved = "status" in values and values["status"] != stored.status
    ad, _changed = update_record(
        actor=actor,
        record=stored,
        changes=values,
        stamps={"status_changed_on": today} if status_moved else None,
        action="rental_ad.updated",
        expected_version=expected_version,
    )
    return ad


@transaction.atomic
def contact_record(*, actor, ad: RentalAd, values: dict) -> RentalContact:
    stay = ad.stay
    _require_current(stay)
    contacted_on = values.get("contacted_on")
    if before_arrival(contacted_on, stay.arrival_date):
        raise ValidationError({"contacted_on": not_before_arrival_message()})
    if contacted_on is not None and contacted_on > timezone.localdate():
        raise ValidationError({"contacted_on": _("Datoen kan ikke være fram i tid.")})
    contact = RentalContact.objects.create(shelter_id=stay.shelter_id, stay=stay, ad=ad, created_by=actor, **values)
    audit_stay(actor, "rental_contact.recorded", contact, stay, ["kind", "contacted_on", "outcome"])
    _advance(actor, ad, AdStatus.CONTACTED)
    return contact


@transaction.atomic
def viewing_record(*, actor, ad: RentalAd, values: dict) -> Viewing:
    stay = ad.stay
    _require_current(stay)
    rules.check_viewing(stay, values)
    _check_staff(stay, values.get("staff"))
    viewing = Viewing.objects.create(shelter_id=stay.shelter_id, stay=stay, ad=ad, **values)
    audit_stay(actor, "viewing.recorded", viewing, stay, ["date", "starts_at", "ends_at", "staff"])
    _advance(actor, ad, AdStatus.VIEWING_BOOKED)
    return viewing


@transaction.atomic
def viewing_update(*, actor, viewing: Viewing, values: dict, expected_version: int | None = None) -> Viewing:
    stay = viewing.stay
    stored = Viewing.objects.get(pk=viewing.pk)
    merged = {name: values.get(name, getattr(stored, name)) for name in ("date", "starts_at", "ends_at")}
    rules.check_viewing(stay, merged)
    _check_staff(stay, values.get("staff"))
    viewing, _changed = update_record(
        actor=actor, record=stored, changes=values, action="viewing.updated", expected_version=expected_version
    )
    return viewing


@transaction.atomic
def search_save(*, actor, stay: Stay, values: dict, expected_version: int | None = None) -> RentalSearch:
    """Save the household's figures; the first save creates the stay's one record."""
    search, _changed = save_case_record(
        actor=actor,
        model=RentalSearch,
        stay=stay,
        values=values,
        action="rental_search.updated",
        expected_version=expected_version,
        stored=RentalSearch.objects.filter(stay=stay).first(),
    )
    return search
