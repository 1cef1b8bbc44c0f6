"""Reads of the follow-up after the stay. Always within the caller's shelter.

The plan and the contacts are reached through the stay (boligplan.residents.access.get_stay_for_user),
so their pages answer a stranger's stay and a missing one with the same 404.
"""

import datetime

from django.db.models import OuterRef, Q, Subquery

from boligplan.core.access import case_shelter_id
from boligplan.residents.access import stays_visible_to

from .models import FollowUpContact, FollowUpPlan


def plan_for_stay(user, stay) -> FollowUpPlan | None:
    return FollowUpPlan.objects.filter(shelter_id=case_shelter_id(user), stay=stay).first()


def plans_for_stays(user, stays):
    """{stay_id: plan} for several stays at once (the work queue): one query."""
    plans = FollowUpPlan.objects.filter(shelter_id=case_shelter_id(user), stay__in=stays)
    return {plan.stay_id: plan for plan in plans}


def contacts_for_stay(user, stay):
    return FollowUpContact.objects.filter(shelter_id=case_shelter_id(user), stay=stay).select_related("by")


def _former_residents(user):
    """Ended stays of the caller's shelter that still name someone, with the date of the last contact."""
    last_contact = FollowUpContact.objects.filter(stay=OuterRef("pk")).order_by("-contacted_on")
    return (
        stays_visible_to(user)
        .ended()
        .filter(purged_on__isnull=True)
        .select_related("resident", "followup_plan")
        .annotate(last_contact_on=Subquery(last_contact.values("contacted_on")[:1]))
    )


def followups_due(user, *, today: datetime.date):
    """Former residents whose next planned contact is today or earlier, in a follow-up that has not ended."""
    return (
        _former_residents(user)
        .filter(followup_plan__next_follow_up_on__lte=today)
        .filter(Q(followup_plan__ends_on__isnull=True) | Q(followup_plan__ends_on__gte=today))
        .order_by("followup_plan__next_follow_up_on", "departure_date")
    )


def departed_without_plan(user, *, since: datetime.date):
    """Former residents who moved out on or after `since` and have no plan for the time after."""
    return (
        _former_residents(user)
        .filter(followup_plan__isnull=True, departure_date__gte=since)
        .order_by("-departure_date", "-arrival_date")
    )
