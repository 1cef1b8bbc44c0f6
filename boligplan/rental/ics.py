"""A viewing as a calendar file (RFC 5545) that can sit in any phone's calendar.

A calendar is copied to phones, shared with colleagues and synced to cloud services, so the file
carries the area only: no resident's name or initials, no address, and a UID that is not any id
of ours. icalendar escapes ";", "," and line breaks in text values, so an area cannot add lines.
"""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from .models import Viewing

PRODID = "-//Boligplan//Visning//NB"


def _staff_name(user) -> str:
    return user.display_name if user is not None else ""


def viewing_calendar(viewing: Viewing, *, now: datetime.datetime) -> bytes:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    area = viewing.ad.area
    staff = _staff_name(viewing.staff)
    description = [
        _("Med fra senteret: %(name)s.") % {"name": staff}
        if staff
        else _("Ingen fra senteret er satt opp til å bli med."),
        _("Ikke skriv adressen inn i kalenderen. Den finnes i annonsen hos utleier."),
    ]

    event = icalendar.Event()
    event.add("uid", viewing.calendar_uid)
    event.add("dtstamp", now.astimezone(datetime.UTC))
    event.add("dtstart", datetime.datetime.combine(viewing.date, viewing.starts_at, tzinfo=zone))
    event.add("dtend", datetime.datetime.combine(viewing.date, viewing.ends_at, tzinfo=zone))
    event.add("summary", _("Visning – %(area)s") % {"area": area})
    event.add("location", area)
    event.add("description", "\n".join(description))
    event.add("class", "PRIVATE")

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    calendar.add_missing_timezones()  # the VTIMEZONE, from the zoneinfo data on this machine
    return calendar.to_ical()


def calendar_filename(viewing: Viewing) -> str:
    """A neutral name for downloads folders: the date, nothing about the person or the place."""
    return f"visning-{viewing.date.isoformat()}.ics"
