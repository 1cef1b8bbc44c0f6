"""Read models of the housing work for other pages (the resident's page, the overview)."""

import datetime
from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from boligplan.core.reminders import Reminder
from boligplan.core.steps import Step

from . import access as housing_access
from .choices import (
    APPEALABLE_STATUSES,
    Agency,
    ApplicationKind,
    ApplicationStatus,
    ResponsibleParty,
    YesNoUncertain,
)
from .models import Application, HousingAssessment, Notification


def _agency_object(agency: str) -> str:
    """The agency as the object of "Purr …"."""
    return _("Nav") if agency == Agency.NAV else _("boligkontoret")


def overview_reminders(stays, *, today) -> dict:
    """{stay_id: [Reminder, ...]} for the current stays in `stays`, in a fixed number of queries.

    - A notification without an answer is to be chased from its follow-up date on (one query).
    - A refusal or a partly granted decision can be appealed: reminded from the day the decision
      came until the appeal deadline (three weeks, forvaltningsloven § 29) has passed (one query).
      Earlier the overview flagged it only in the last seven days, too late to write an appeal.
    - "Usikker" on whether a new home is needed is a quiet note to clarify it (one query).
    """
    reminders: dict = defaultdict(list)
    due = (
        Notification.objects.filter(stay__in=stays, answered_on__isnull=True, follow_up_on__lte=today)
        .only("stay_id", "agency", "follow_up_on")
        .order_by("follow_up_on")
    )
    for notification in due:
        agency, when = (
            _agency_object(notification.agency),
            date_format(notification.follow_up_on, "SHORT_MONTH_DAY_FORMAT"),
        )
        reminders[notification.stay_id].append(
            Reminder(
                kind="notification.follow_up",
                text=_("Purr %(agency)s (frist %(date)s)") % {"agency": agency, "date": when},
                due=notification.follow_up_on,
                summary=_("Henvendelser uten svar som skal purres"),
            )
        )
    for application in appeal_window(stays, today=today):
        deadline = application.appeal_deadline
        reminders[application.stay_id].append(
            Reminder(
                kind="application.appeal",
                text=_("Klagefrist %(kind)s: %(date)s")
                % {"kind": application.get_kind_display(), "date": date_format(deadline, "SHORT_MONTH_DAY_FORMAT")},
                due=deadline,
                summary=_("Vedtak som kan påklages – klagefristen løper"),
            )
        )
    unclear = HousingAssessment.objects.filter(stay__in=stays, new_home_needed=YesNoUncertain.UNCERTAIN).only("stay_id")
    for assessment in unclear:
        reminders[assessment.stay_id].append(
            Reminder(
                kind="assessment.clarify",
                text=_("Avklar om ny bolig trengs"),
                summary=_("Usikkert om ny bolig trengs – avklar"),
                danger=False,
            )
        )
    return dict(reminders)


def appeal_window(stays, *, today):
    """Appealable decisions whose appeal deadline has not passed, from the decision date on."""
    earliest = today - datetime.timedelta(weeks=Application.APPEAL_WEEKS)
    return (
        Application.objects.filter(
            stay__in=stays, status__in=APPEALABLE_STATUSES, decision_on__lte=today, decision_on__gte=earliest
        )
        .only("stay_id", "kind", "status", "decision_on")
        .order_by("decision_on")
    )


# Who decides each kind of application, and so holds the step while it is under treatment.
DECIDED_BY = {
    ApplicationKind.MUNICIPAL_HOUSING: ResponsibleParty.HOUSING_OFFICE,
    ApplicationKind.START_LOAN: ResponsibleParty.HOUSING_OFFICE,
    ApplicationKind.ESTABLISHMENT_GRANT: ResponsibleParty.HOUSING_OFFICE,
    ApplicationKind.HOUSING_ALLOWANCE: ResponsibleParty.HOUSING_OFFICE,
    ApplicationKind.DEPOSIT: ResponsibleParty.NAV,
    ApplicationKind.TEMPORARY_HOUSING: ResponsibleParty.NAV,
    ApplicationKind.INDIVIDUAL_HELP: ResponsibleParty.HOUSING_OFFICE,
    ApplicationKind.HOUSING_AND_SUPPORT: ResponsibleParty.OTHER,
    ApplicationKind.ROSA: ResponsibleParty.OTHER,
}
WAITING = {ApplicationStatus.SENT, ApplicationStatus.IN_TREATMENT, ApplicationStatus.APPEALED}
AGENCY_PARTY = {Agency.NAV: ResponsibleParty.NAV, Agency.HOUSING_OFFICE: ResponsibleParty.HOUSING_OFFICE}


def _person(user) -> str:
    return user.display_name if user else ""


def open_steps(user, stays, *, today: datetime.date) -> dict:
    """{stay_id: [Step]}: open tasks, applications not yet decided or open to appeal, unanswered
    notifications (three queries, however many stays)."""
    steps: dict = defaultdict(list)
    for task in housing_access.tasks_for_stays(user, stays).filter(done_on__isnull=True):
        steps[task.stay_id].append(
            Step(
                party=task.responsible_party,
                title=task.title,
                source=_("Oppgave"),
                due=task.due_date,
                person=_person(task.assignee),
                url=reverse("housing:task-edit", args=[task.pk]),
                kind="task",
                person_id=task.assignee_id,
                task_id=task.pk,
                version=task.version,
            )
        )
    for application in housing_access.applications_for_stays(user, stays):
        url = reverse("housing:application-edit", args=[application.pk])
        kind = application.get_kind_display()
        if application.status == ApplicationStatus.DRAFT:
            title = _("Send søknaden: %s") % kind
            steps[application.stay_id].append(
                Step(ResponsibleParty.SHELTER, title, _("Søknad"), url=url, kind="application.send")
            )
        elif application.status in WAITING:
            party = DECIDED_BY.get(application.kind, ResponsibleParty.OTHER)
            title = _("Behandle søknaden: %s") % kind
            steps[application.stay_id].append(Step(party, title, _("Søknad"), url=url, kind="application.decide"))
        elif (deadline := application.appeal_deadline) is not None and deadline >= today:
            title = _("Vurder klage på vedtaket: %s") % kind
            steps[application.stay_id].append(
                Step(ResponsibleParty.SHELTER, title, _("Søknad"), due=deadline, url=url, kind="application.appeal")
            )
    for notification in housing_access.notifications_for_stays(user, stays).filter(answered_on__isnull=True):
        steps[notification.stay_id].append(
            Step(
                party=AGENCY_PARTY.get(notification.agency, ResponsibleParty.OTHER),
                title=_("Svar på henvendelsen sendt %s") % date_format(notification.sent_on, "DATE_FORMAT"),
                source=_("Henvendelse"),
                due=notification.follow_up_on,
                url=reverse("housing:notification-edit", args=[notification.pk]),
                kind="notification.answer",
                anchor=f"henvendelse-{notification.pk}",
            )
        )
    return steps


# The resident's page shows this many done tasks, latest first; their own page shows them all.
RECENT_DONE_TASKS = 10
DONE_TASKS_PER_PAGE = 25


def latest_done_tasks(user, stay) -> list:
    """The latest done tasks, each carrying how many there are in all (`done_total`), in one query:
    a long stay's page costs what a short one's does."""
    return list(
        housing_access.tasks_for_stay(user, stay)
        .filter(done_on__isnull=False)
        .annotate(done_total=Window(Count("pk")))
        .order_by("-done_on", "-created_at")[:RECENT_DONE_TASKS]
    )


def done_tasks_page(user, stay, *, page):
    """One page of the stay's done tasks, latest first (two queries: the count and the page)."""
    done = housing_access.tasks_for_stay(user, stay).filter(done_on__isnull=False).order_by("-done_on", "-created_at")
    return Paginator(done, DONE_TASKS_PER_PAGE).get_page(page)
