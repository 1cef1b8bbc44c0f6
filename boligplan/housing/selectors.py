"""Read models of the housing work for other pages (the resident's page, the overview)."""

from collections import defaultdict

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from boligplan.core.reminders import Reminder

from .choices import Agency
from .models import Notification


def _agency_object(agency: str) -> str:
    """The agency as the object of "Purr …"."""
    return _("NAV") if agency == Agency.NAV else _("boligkontoret")


def overview_reminders(stays, *, today) -> dict:
    """{stay_id: [Reminder, ...]} for the current stays in `stays`, in a fixed number of queries.

    A notification without an answer is to be chased from its follow-up date on (one query).
    """
    due = (
        Notification.objects.filter(stay__in=stays, answered_on__isnull=True, follow_up_on__lte=today)
        .only("stay_id", "agency", "follow_up_on")
        .order_by("follow_up_on")
    )
    reminders: dict = defaultdict(list)
    for notification in due:
        agency, when = _agency_object(notification.agency), date_format(notification.follow_up_on, "j. b.")
        reminders[notification.stay_id].append(
            Reminder(
                kind="notification.follow_up",
                text=_("Purr %(agency)s (frist %(date)s)") % {"agency": agency, "date": when},
                due=notification.follow_up_on,
                summary=_("Henvendelser uten svar som skal purres"),
            )
        )
    return dict(reminders)
