"""Read models of the aftercare app for other pages (the resident's page, the overview, the lead's plan)."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from boligplan.core.reminders import Reminder
from boligplan.core.steps import Step
from boligplan.housing.choices import ResponsibleParty

from . import access
from .models import FollowUpPlan

# The resident's page shows this many contacts; the contact page shows them all.
RECENT_CONTACTS = 5
# A move this close (or a ready-to-move date set) without a plan is a reminder on the overview.
PLAN_REMINDER_DAYS = 14
# The follow-up list also names those who moved out this recently without any plan.
NO_PLAN_LOOKBACK_DAYS = 90


def stay_section(user, stay, *, today) -> dict:
    """Context for aftercare/_stay_section.html on the resident's page (two queries)."""
    plan = access.plan_for_stay(user, stay)
    contacts = list(access.contacts_for_stay(user, stay)[: RECENT_CONTACTS + 1])
    ended = not stay.is_current
    plan_running = plan is not None and not plan.has_ended(today)
    next_on = plan.next_follow_up_on if plan else None
    return {
        "plan": plan,
        "contacts": contacts[:RECENT_CONTACTS],
        "more_contacts": len(contacts) > RECENT_CONTACTS,
        "ended": ended,
        "plan_ended": plan is not None and plan.has_ended(today),
        "next_on": next_on,
        # Red only where it matters: after the move, in a follow-up that is still running.
        "next_overdue": ended and plan_running and next_on is not None and next_on < today,
        "next_due_today": ended and plan_running and next_on == today,
        "safety_plan_missing": ended and plan is not None and plan.safety_plan_updated_on is None,
        "plan_missing_warning": plan is None and (ended or _move_is_near(stay, today)),
    }


def _move_is_near(stay, today) -> bool:
    planned = stay.planned_departure_date
    horizon = today + datetime.timedelta(days=PLAN_REMINDER_DAYS)
    return stay.is_current and ((planned is not None and planned <= horizon) or stay.ready_to_move_date is not None)


def overview_reminders(stays, *, today) -> dict:
    """{stay_id: [Reminder, ...]} for the current stays in `stays`, in one query.

    A stay moving out soon (planned within PLAN_REMINDER_DAYS, or ready to move) with no plan for
    the time after it.
    """
    horizon = today + datetime.timedelta(days=PLAN_REMINDER_DAYS)
    rows = (
        stays.filter(departure_date__isnull=True)
        .filter(Q(planned_departure_date__lte=horizon) | Q(ready_to_move_date__isnull=False))
        .filter(~Exists(FollowUpPlan.objects.filter(stay=OuterRef("pk"))))
        .values_list("pk", "planned_departure_date")
    )
    text, summary = _("Ingen plan for tiden etter oppholdet"), _("Flytter snart uten plan for tiden etter oppholdet")
    return {
        stay_id: [Reminder(kind="aftercare.plan_missing", text=text, due=planned, summary=summary)]
        for stay_id, planned in rows
    }


def coordinator_for(user, stay) -> str | None:
    """Who coordinates after the stay, as the plan says ("NAV (NAV Fjordby)"), or None if not decided."""
    plan = access.plan_for_stay(user, stay)
    if plan is None or not plan.coordinating_service:
        return None
    label = plan.get_coordinating_service_display()
    return f"{label} ({plan.coordinator_name})" if plan.coordinator_name else label


def open_steps(user, stays, *, today) -> dict:
    """The after-stay part of "who does what" (core/steps.py): the next contact, a missing plan.

    {stay_id: [Step]} in one query, however many stays.
    """
    plans = access.plans_for_stays(user, stays)
    source = _("Etter oppholdet")
    steps: dict = {}
    for stay in stays:
        plan = plans.get(stay.pk)
        url = reverse("aftercare:plan-edit", args=[stay.pk])
        mine = steps.setdefault(stay.pk, [])
        if plan is None:
            title = _("Lag plan for tiden etter oppholdet")
            mine.append(Step(ResponsibleParty.SHELTER, title, source, url=url, kind="aftercare.plan_missing"))
            continue
        if plan.coordinating_service == "":
            title = _("Avklar hvem som koordinerer etter oppholdet")
            mine.append(Step(ResponsibleParty.SHELTER, title, source, url=url, kind="aftercare.coordinator"))
        if not stay.is_current and plan.safety_plan_updated_on is None:
            title = _("Oppdater sikkerhetsplanen")
            mine.append(Step(ResponsibleParty.SHELTER, title, source, url=url, kind="aftercare.safety_plan"))
        if not plan.has_ended(today) and plan.next_follow_up_on is not None:
            title = _("Neste oppfølgingskontakt")
            mine.append(
                Step(
                    ResponsibleParty.SHELTER,
                    title,
                    source,
                    due=plan.next_follow_up_on,
                    url=url,
                    kind="aftercare.contact",
                )
            )
    return steps
