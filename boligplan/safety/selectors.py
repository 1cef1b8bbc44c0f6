"""Read models of the safety app for other pages (the resident's page, the overview)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from boligplan.core.reminders import Reminder
from boligplan.core.steps import Step
from boligplan.housing import access as housing_access
from boligplan.housing.choices import Direction, ResponsibleParty, Track

from . import access
from .checklist import checklist_items
from .choices import ChecklistChoice, MeasureKind, MeasureStatus
from .measures import EXPIRY_REMINDER_DAYS, longest_reminder_days, reminder_days
from .models import SafetyMeasure


@dataclass(frozen=True)
class MeasureRow:
    measure: SafetyMeasure
    status: str  # as shown: a granted measure past its last day shows as expired
    days_left: int | None  # until the last day, for a granted measure with an expiry
    expiring_soon: bool
    lapsed: bool  # granted, past its last day, not yet marked expired by staff


def measure_rows(measures, *, today: datetime.date) -> list[MeasureRow]:
    rows = []
    for measure in measures:
        granted = measure.status == MeasureStatus.GRANTED and measure.expires_on is not None
        days_left = (measure.expires_on - today).days if granted else None
        rows.append(
            MeasureRow(
                measure=measure,
                status=measure.shown_status(today),
                days_left=days_left,
                expiring_soon=days_left is not None and 0 <= days_left <= reminder_days(measure.kind),
                lapsed=measure.has_lapsed(today),
            )
        )
    return rows


def checklist_progress(answers) -> dict:
    """How far the new-home checklist has come: answered count, the open items, the ones to follow up."""
    by_key = {answer.item_key: answer for answer in answers}
    items = checklist_items()
    answered = [item for item in items if item.key in by_key]
    return {
        "total": len(items),
        "answered": len(answered),
        "unanswered": [item.title for item in items if item.key not in by_key],
        "follow_up": [item.title for item in answered if by_key[item.key].answer == ChecklistChoice.FOLLOW_UP],
    }


def stay_section(user, stay, *, today) -> dict:
    """Context for safety/_stay_section.html on the resident's page (a fixed number of queries)."""
    assessment = housing_access.assessment_for_stay(user, stay)
    returning = (assessment is not None and assessment.direction == Direction.RETURN_HOME) or (
        housing_access.tracks_for_stay(user, stay).active().filter(track=Track.RETURN_HOME).exists()
    )
    return {
        "returning": returning,
        "safe_return": access.safe_return_for_stay(user, stay),
        "measures": measure_rows(access.measures_for_stay(user, stay), today=today),
        "checklist": checklist_progress(access.checklist_answers_for_stay(user, stay)),
        "can_add_measure": stay.is_current,
        "reminder_days": EXPIRY_REMINDER_DAYS,
    }


def safe_return_page(user, stay, *, today) -> dict:
    """What the safe-return page shows beside its form: the children's continuity and the measures."""
    return {
        "children": list(access.children_of_stay(user, stay)),
        "measures": measure_rows(access.measures_for_stay(user, stay), today=today),
    }


def _short(day: datetime.date) -> str:
    return formats.date_format(day, "MONTH_DAY_FORMAT")


def overview_reminders(stays, *, today) -> dict:
    """{stay_id: [Reminder, ...]} for the current stays in `stays`, in one query.

    A granted measure whose last day is within its kind's reminder days (measures.py: 14 for
    most, longer for an address block, whose renewal takes time), and one whose last day has
    passed while it is still recorded as granted (someone should check whether it was renewed).
    """
    horizon = today + datetime.timedelta(days=longest_reminder_days())
    measures = SafetyMeasure.objects.filter(
        stay__in=stays, status=MeasureStatus.GRANTED, expires_on__isnull=False, expires_on__lte=horizon
    ).order_by("expires_on")
    reminders: dict = {}
    for measure in measures:
        kind, days = MeasureKind(measure.kind).label, reminder_days(measure.kind)
        if measure.expires_on > today + datetime.timedelta(days=days):
            continue
        if measure.expires_on >= today:
            reminder = Reminder(
                kind="measure.expiring",
                text=_("%(kind)s går ut %(date)s") % {"kind": kind, "date": _short(measure.expires_on)},
                due=measure.expires_on,
                summary=_("Sikkerhetstiltak som går ut innen %(days)s dager") % {"days": days},
            )
        else:
            reminder = Reminder(
                kind="measure.lapsed",
                text=_("%(kind)s gikk ut %(date)s") % {"kind": kind, "date": _short(measure.expires_on)},
                due=measure.expires_on,
                summary=_("Sikkerhetstiltak som har gått ut – sjekk om de er forlenget"),
            )
        reminders.setdefault(measure.stay_id, []).append(reminder)
    return reminders


def open_steps(user, stays, *, today) -> dict:
    """The safety part of "who does what" (core/steps.py), {stay_id: [Step]} in two queries.

    A measure being considered is the shelter's to follow up with the resident; one requested
    waits for the police (who also bring requests to the prosecuting authority or the court); a
    granted one near or past its end is the shelter's to renew. Items of the checklist marked
    "to follow up" are the shelter's.
    """
    steps: dict = defaultdict(list)
    source = _("Sikkerhetstiltak")
    for row in measure_rows(access.measures_for_stays(user, stays), today=today):
        measure = row.measure
        url = reverse("safety:measure-edit", args=[measure.pk])
        kind = measure.get_kind_display()
        if measure.status == MeasureStatus.CONSIDERED:
            title = _("Avklar om %s skal begjæres") % kind
            step = Step(ResponsibleParty.SHELTER, title, source, url=url, kind="measure.consider")
        elif measure.status == MeasureStatus.REQUESTED:
            title = _("Avgjør begjæringen: %s") % kind
            step = Step(ResponsibleParty.POLICE, title, source, url=url, kind="measure.decide")
        elif row.expiring_soon or row.lapsed:
            title = _("Vurder forlengelse: %s") % kind
            step = Step(ResponsibleParty.SHELTER, title, source, due=measure.expires_on, url=url, kind="measure.renew")
        else:
            continue
        steps[measure.stay_id].append(step)
    answers: dict = defaultdict(list)
    for answer in access.checklist_answers_for_stays(user, stays):
        answers[answer.stay_id].append(answer)
    for stay in stays:
        progress = checklist_progress(answers.get(stay.pk, []))
        checklist_url = reverse("safety:checklist-edit", args=[stay.pk])
        for title in progress["follow_up"]:
            steps[stay.pk].append(
                Step(
                    ResponsibleParty.SHELTER,
                    title,
                    _("Sjekkliste for ny bolig"),
                    url=checklist_url,
                    kind="checklist.follow_up",
                )
            )
    return steps
