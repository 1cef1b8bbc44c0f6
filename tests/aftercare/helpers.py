"""Shared by the aftercare tests: a departure, the plan's and the contacts' addresses and form data."""

import datetime

from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.residents import services as resident_services

DAY = datetime.timedelta(days=1)


def depart(stay, actor, on, destination="ny_privat_leie"):
    return resident_services.stay_depart(
        actor=actor, stay=stay, departure_date=on, destination=destination, permanence="varig"
    )


def plan_url(stay):
    return reverse("aftercare:plan-edit", kwargs={"stay_id": stay.pk})


def contact_url(stay):
    return reverse("aftercare:contact-create", kwargs={"stay_id": stay.pk})


def new_rows(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("pk"))[before:]


def contact_data(today, **changes):
    return {"contacted_on": today.isoformat(), "kind": "telefon", "note": "Ringte og snakket litt", **changes}


def plan_data(**changes):
    return {"coordinating_service": "nav", "coordinator_name": "NAV Fjordby", "other_services": "", **changes}


def iso(today, offset):
    return (today + offset * DAY).isoformat()
