"""Who does what: every open step of one stay, grouped by the party responsible (issue 3, point 7).

The housing work's own steps are built here from tasks, applications and notifications; the
other apps add theirs through `open_steps` (core/steps.py). Which party holds an application
while it is being decided follows from who decides it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from boligplan.core.steps import Step, open_steps_for
from boligplan.housing import access as housing_access
from boligplan.housing.choices import Agency, ApplicationKind, ApplicationStatus, ResponsibleParty

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
                title=_("Svar på henvendelsen sendt %s") % date_format(notification.sent_on, "SHORT_DATE_FORMAT"),
                source=_("Henvendelse"),
                due=notification.follow_up_on,
                url=reverse("housing:notification-edit", args=[notification.pk]),
                kind="notification.answer",
                anchor=f"henvendelse-{notification.pk}",
            )
        )
    return steps


@dataclass(frozen=True)
class PartyGroup:
    party: str
    label: str
    steps: list[Step]


def steps_by_party(user, stay, *, today: datetime.date) -> list[PartyGroup]:
    """Every party in the fixed order of ResponsibleParty, each with its open steps, soonest first."""
    steps = open_steps_for(user, stay, today=today)
    groups = []
    for party in ResponsibleParty:
        mine = sorted((s for s in steps if s.party == party), key=lambda s: (s.due is None, s.due or today, s.title))
        groups.append(PartyGroup(party=party.value, label=party.label, steps=mine))
    return groups


def after_stay_coordinator(user, stay) -> str | None:
    """The service that coordinates after the stay, from the follow-up plan (None: not decided)."""
    from boligplan.aftercare import selectors as aftercare_selectors  # the plan lives there

    coordinator_for = getattr(aftercare_selectors, "coordinator_for", None)
    return coordinator_for(user, stay) if coordinator_for else None
