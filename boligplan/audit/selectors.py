"""Read models over the audit log. Callers have passed access.py first."""

import datetime

from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, When

from boligplan.children.models import Child
from boligplan.residents.models import Resident, Stay

from .models import AuditEvent


def resident_access_events(resident: Resident) -> QuerySet[AuditEvent]:
    """Everything the log records about one resident, over all their stays, oldest first.

    Rows about the resident or one of their stays (and what hangs on a stay: assessment, tasks,
    notifications, children). Lists of many residents (the overview) are left out: they are about
    everyone at once, and naming them would say nothing about this person.
    """
    return (
        AuditEvent.objects.filter(shelter_id=resident.shelter_id)
        .filter(Q(stay_id__in=resident.stays.values("pk")) | Q(object_type="resident", object_id=resident.pk))
        .select_related("actor", "actor__membership")
        .order_by("at", "pk")
    )


def resident_stays(resident: Resident) -> list[Stay]:
    return list(resident.stays.order_by("arrival_date"))


def events_for_review(*, shelter_id, since: datetime.datetime, until: datetime.datetime) -> list[AuditEvent]:
    """A shelter's events in [since, until), in time order, with what the review rules need to
    know about each case (one query, whatever the number of rows)."""
    stay_contact = Stay.objects.filter(pk=OuterRef("stay_id")).values("contact_person_id")[:1]
    child_contact = Child.objects.filter(pk=OuterRef("object_id")).values("contact_person_id")[:1]
    return list(
        AuditEvent.objects.filter(shelter_id=shelter_id, at__gte=since, at__lt=until)
        .select_related("actor")
        .annotate(
            stay_contact_id=Subquery(stay_contact),
            child_contact_id=Case(When(object_type="child", then=Subquery(child_contact)), default=None),
        )
        .order_by("at", "pk")
    )


def staff_for_review(*, shelter_id) -> list:
    """Every account of the shelter, also closed ones and statistics users: a filter on the
    audit log must be able to pick anyone who may appear in it."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(membership__shelter_id=shelter_id).order_by("full_name", "username"))
