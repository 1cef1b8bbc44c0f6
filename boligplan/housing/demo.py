"""Demo consent, letters and follow-up dates for the fictional residents of load_demo (synthetic people only).

Called after load_demo has recorded the two notifications (NAV answered, housing office not) of
every phase from "new_home_told" on.
"""

import datetime

from . import services
from .models import Notification

DAY = datetime.timedelta(days=1)
TOLD = {"new_home_told", "private_rental", "ready_waiting", "departed", "departed_municipal"}


def add_letter_demo(*, stay, phase, actor, arrival, today) -> None:
    """Consent on every notification, so letters can be printed; the housing office's unanswered one
    gets a follow-up date: passed for "new_home_told" (a reminder on the overview), ahead for the rest."""
    if phase not in TOLD:
        return
    for notification in Notification.objects.filter(stay=stay).select_related("stay"):
        values = {
            "consent_given": True,
            "consent_on": notification.sent_on,
            "municipality": "Fjordby",
            "letter_to": "Nav Fjordby" if notification.agency == "nav" else "Boligkontoret i Fjordby kommune",
        }
        if notification.answered_on is None:
            follow_up = notification.sent_on + 7 * DAY if phase == "new_home_told" else max(today, arrival) + 3 * DAY
            values["follow_up_on"] = follow_up
        services.notification_update(actor=actor, notification=notification, values=values)
