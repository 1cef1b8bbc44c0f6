"""The housing work's two parts of the resident's page: the assessment and tracks, and the tasks,
notifications and applications (core/sections.py, ADR 0026). Registered by HousingConfig.ready()."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boligplan.core.sections import NowItem, Section, register

from . import access as housing_access
from . import rules as housing_rules
from . import selectors
from .choices import Agency, Direction


def assessment_context(user, stay, *, today: datetime.date, page: dict) -> dict:
    assessment = housing_access.assessment_for_stay(user, stay)
    return {
        "assessment": assessment,
        "direction": assessment.get_direction_display() if assessment else Direction.UNDECIDED.label,
        "tracks": list(housing_access.tracks_for_stay(user, stay)),
        "assessment_due_on": stay.assessment_due_on,
        "assessment_overdue": stay.assessment_overdue(
            completed=bool(assessment and assessment.is_complete), today=today
        ),
    }


def assessment_now(page: dict, *, today: datetime.date) -> list:
    if page["assessment_overdue"] and page["stay"].is_current:
        due = page["assessment_due_on"]
        return [
            (NowItem(_("Gjør boligkartleggingen"), _("Boligkartlegging"), due, "s-kartlegging", "s-kartlegging"), False)
        ]
    return []


def tasks_context(user, stay, *, today: datetime.date, page: dict) -> dict:
    """Tasks, notifications and applications; whether NAV and the housing office are told of a
    new home the assessment (the section before) says is needed."""
    open_tasks = list(housing_access.tasks_for_stay(user, stay).filter(done_on__isnull=True))
    done_tasks = selectors.latest_done_tasks(user, stay)
    notifications = list(housing_access.notifications_for_stay(user, stay))
    told = {n.agency for n in notifications}
    assessment = page["assessment"]
    needs_new_home = bool(assessment and assessment.needs_new_home)
    applications = [
        (application, application.appeal_deadline, _days_until(application.appeal_deadline, today))
        for application in housing_access.applications_for_stay(user, stay)
    ]
    return {
        "open_tasks": open_tasks,
        "done_tasks": done_tasks,
        "done_task_count": done_tasks[0].done_total if done_tasks else 0,
        "notifications": notifications,
        "open_notifications": [n for n in notifications if not n.answered_on],
        "answered_notifications": [n for n in notifications if n.answered_on],
        "notifications_without_consent": any(not n.letter_allowed for n in notifications),
        "applications": applications,
        "open_applications": [row for row in applications if not row[0].decision_on],
        "decided_applications": [row for row in applications if row[0].decision_on],
        "agency_alarm": housing_rules.agency_alarm(needs_new_home=needs_new_home, told=told),
        "nav_told": Agency.NAV in told,
        "housing_office_told": Agency.HOUSING_OFFICE in told,
    }


def _days_until(deadline, today):
    return (deadline - today).days if deadline else None


def tasks_now(page: dict, *, today: datetime.date) -> list:
    if page["agency_alarm"] and page["stay"].is_current:
        title = _("Send henvendelse til Nav og boligkontoret om at ny bolig trengs")
        return [(NowItem(title, _("Varsling"), None, "s-oppgaver", "s-oppgaver"), True)]
    return []


def tasks_part_from_page(match) -> str:
    """Coming back from a notification's, an application's or a task's page opens its fold."""
    for prefix, part in (("notification", "notifications"), ("application", "applications"), ("task", "tasks")):
        if (match.url_name or "").startswith(prefix):
            return part
    return ""


def register_sections():
    register(
        Section(
            key="s-kartlegging",
            title=_lazy("Kartlegging og spor"),
            order=10,
            app="housing",
            template="housing/_assessment_section.html",
            context=assessment_context,
            attention=lambda page: page["assessment_overdue"] and page["stay"].is_current,
            now=assessment_now,
            step_kinds=("assessment",),
        )
    )
    register(
        Section(
            key="s-oppgaver",
            title=_lazy("Oppgaver og instanser"),
            order=20,
            app="housing",
            template="housing/_tasks_section.html",
            context=tasks_context,
            count=lambda page: len(page["open_tasks"]) + sum(1 for n in page["notifications"] if not n.answered_on),
            attention=lambda page: page["agency_alarm"] and page["stay"].is_current,
            now=tasks_now,
            open_steps=selectors.open_steps,
            reminders=selectors.overview_reminders,
            step_kinds=("task", "notification", "application", "agency_alarm"),
            from_page=tasks_part_from_page,
        )
    )
