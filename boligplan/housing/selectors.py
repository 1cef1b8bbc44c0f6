"""Read models of the housing work for other pages (the resident's page, the overview)."""

import datetime
from collections import defaultdict

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from boligplan.core.reminders import Reminder

from .choices import APPEALABLE_STATUSES, Agency, YesNoUncertain
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
        agency, when = _agency_object(notification.agency), date_format(notification.follow_up_on, "MONTH_DAY_FORMAT")
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
                % {"kind": application.get_kind_display(), "date": date_format(deadline, "MONTH_DAY_FORMAT")},
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
