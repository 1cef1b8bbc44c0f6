"""The rules of a stay, shared by every app's forms (a message next to the field) and services (the guard).

Not before arrival: nothing recorded about a stay (a task's due date, a notification, a consent,
an application, a viewing, a contact, a child's wish, a safety date, a plan) can be dated before
the resident arrived. The database holds the departure to the same rule (a check constraint).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .choices import TEMPORARY_BY_NATURE, Destination, Permanence


def before_arrival(day: datetime.date | None, arrival: datetime.date) -> bool:
    """True when `day` lies before `arrival`; an empty date is never before it."""
    return day is not None and day < arrival


def not_before_arrival_message() -> str:
    return _("Datoen kan ikke være før ankomstdatoen.")


def check_not_before_arrival(stay, day: datetime.date | None, message: str | None = None) -> None:
    """Raise ValidationError(message) when `day` lies before the stay's arrival."""
    if before_arrival(day, stay.arrival_date):
        raise ValidationError(message or not_before_arrival_message())


def departure_date_problem(stay, day: datetime.date) -> str | None:
    """A stay ends neither before the resident arrived nor before the day they were ready to move."""
    if before_arrival(day, stay.arrival_date):
        return _("Utflytting kan ikke være før ankomst.")
    ready = stay.ready_to_move_date
    if ready and day < ready:
        return _("Datoen for klar til å flytte (%(ready)s) er etter denne datoen. Rett den først.") % {
            "ready": date_format(ready, "DATE_FORMAT")
        }
    return None


def permanence_problem(destination: str, permanence: str) -> str | None:
    """A destination that is temporary by its nature is never a permanent exit (TEMPORARY_BY_NATURE)."""
    if destination in TEMPORARY_BY_NATURE and permanence == Permanence.PERMANENT:
        return _("%(destination)s er en midlertidig løsning. Velg «Midlertidig».") % {
            "destination": Destination(destination).label
        }
    return None
