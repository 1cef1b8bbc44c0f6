"""The viewing as a calendar file: it parses, keeps the local time, and carries the area only."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.rental import services
from boligplan.rental.ics import viewing_calendar
from boligplan.rental.models import RentalAd, Viewing
from tests.rental.test_rental import ad_values, new_rows, viewing_values

NAME = "Tuva Testleier"


@pytest.fixture
def ad(make_stay, kari, today):
    stay = make_stay(display_name=NAME, days_ago=10)
    return services.ad_record(actor=kari, stay=stay, values=ad_values(), today=today)


def test_the_calendar_file_parses_and_carries_the_area_and_the_local_time(client_for, kari, ola, ad, today):
    day = today + datetime.timedelta(days=2)
    viewing = services.viewing_record(actor=kari, ad=ad, values=viewing_values(day, staff=ola))
    before = AuditEvent.objects.count()

    response = client_for(kari).get(reverse("rental:viewing-calendar", kwargs={"viewing_id": viewing.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="visning-{day.isoformat()}.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Visning – Sagene"
    assert str(event["LOCATION"]) == "Sagene"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.date(), start.hour, start.minute, end.hour, end.minute) == (day, 17, 0, 17, 45)
    assert str(start.tzinfo) == "Europe/Oslo"
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    uid = str(event["UID"])
    assert uid.endswith("@boligplan") and str(viewing.pk) not in uid and str(ad.stay_id) not in uid
    description = str(event["DESCRIPTION"])
    assert "Ola" in description and "Ikke skriv adressen" in description
    text = response.content.decode()
    for secret in (NAME, "Tuva", "T.T.", str(ad.stay.resident_id), str(ad.stay_id)):
        assert secret not in text
    [row] = new_rows(before)
    assert (row.action, row.object_id, row.stay_id) == ("viewing.calendar_downloaded", viewing.pk, ad.stay_id)
    # The same viewing keeps its UID, so a second download updates the event instead of doubling it.
    again = client_for(kari).get(reverse("rental:viewing-calendar", kwargs={"viewing_id": viewing.pk}))
    assert str(icalendar.Calendar.from_ical(again.content).walk("VEVENT")[0]["UID"]) == uid


def test_the_calendar_file_escapes_what_could_add_lines_or_fields(ad, kari, today):
    viewing = services.viewing_record(actor=kari, ad=ad, values=viewing_values(today))
    # Stored past the service (as an old row or a direct write could be): the file must still hold.
    hostile = "Sagene;\r\nATTENDEE:mailto:x@example.invalid\nLOCATION:Storgata 5,0150"
    RentalAd.objects.filter(pk=ad.pk).update(area=hostile)
    viewing = Viewing.objects.select_related("ad", "staff").get(pk=viewing.pk)

    body = viewing_calendar(viewing, now=datetime.datetime.now(datetime.UTC))

    assert b"\nATTENDEE" not in body and b"\nLOCATION:Storgata" not in body
    assert b"Sagene\\;" in body and b"Storgata 5\\,0150" in body
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert "ATTENDEE" not in event
    assert str(event["LOCATION"]) == hostile.replace("\r\n", "\n")


def test_a_viewing_with_nobody_going_along_says_so(ad, kari, today):
    viewing = services.viewing_record(actor=kari, ad=ad, values=viewing_values(today))
    body = viewing_calendar(
        Viewing.objects.select_related("ad", "staff").get(pk=viewing.pk), now=datetime.datetime.now(datetime.UTC)
    )
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert "Ingen fra senteret" in str(event["DESCRIPTION"])
