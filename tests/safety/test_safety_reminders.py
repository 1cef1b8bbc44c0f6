"""The overview reminds about a granted measure 14 days before it runs out, and after it has."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.residents.access import stays_visible_to
from boligplan.safety import services
from boligplan.safety.measures import EXPIRY_REMINDER_DAYS
from boligplan.safety.selectors import overview_reminders

DAY = datetime.timedelta(days=1)


def add(stay, actor, today, *, expires_in, status="innvilget", kind="besoksforbud"):
    decided = stay.arrival_date
    values = {
        "kind": kind,
        "status": status,
        "requested_on": decided,
        "decided_on": decided if status != "anmodet" else None,
        "valid_from": decided if status == "innvilget" else None,
        "expires_on": today + expires_in * DAY if status == "innvilget" else None,
        "note": "",
    }
    if status == "utlopt":
        values |= {"valid_from": decided, "expires_on": today + expires_in * DAY}
    return services.measure_record(actor=actor, stay=stay, values=values, today=today)


def reminders(kari, today):
    return overview_reminders(stays_visible_to(kari).current(), today=today)


def test_the_constant_is_fourteen_days():
    assert EXPIRY_REMINDER_DAYS == 14


@pytest.mark.parametrize(("days_left", "shown"), [(0, True), (1, True), (14, True), (15, False), (200, False)])
def test_reminder_boundary(make_stay, kari, today, days_left, shown):
    stay = make_stay(days_ago=30)
    add(stay, kari, today, expires_in=days_left)

    found = reminders(kari, today).get(stay.pk, [])

    assert bool(found) is shown
    if shown:
        (reminder,) = found
        assert reminder.kind == "measure.expiring"
        assert reminder.text.startswith("Besøksforbud går ut ")
        assert reminder.due == today + days_left * DAY
        assert reminder.summary == "Sikkerhetstiltak som går ut innen 14 dager"


def test_a_granted_measure_past_its_last_day_is_reminded_until_marked_expired(make_stay, kari, today):
    stay = make_stay(days_ago=60)
    measure = add(stay, kari, today, expires_in=-3)

    (reminder,) = reminders(kari, today)[stay.pk]
    assert reminder.kind == "measure.lapsed"
    assert reminder.text.startswith("Besøksforbud gikk ut ")

    values = {name: getattr(measure, name) for name in ["kind", "requested_on", "decided_on", "valid_from", "note"]}
    services.measure_update(
        actor=kari, measure=measure, values=values | {"status": "utlopt", "expires_on": measure.expires_on}, today=today
    )
    assert stay.pk not in reminders(kari, today)


@pytest.mark.parametrize("status", ["vurderes", "anmodet", "avslatt", "utlopt"])
def test_measures_not_granted_are_not_reminded(make_stay, kari, today, status):
    stay = make_stay(days_ago=30)
    add(stay, kari, today, expires_in=-1 if status == "utlopt" else 5, status=status)
    assert stay.pk not in reminders(kari, today)


def test_a_granted_measure_without_end_is_not_reminded(make_stay, kari, today):
    stay = make_stay(days_ago=30)
    services.measure_record(
        actor=kari,
        stay=stay,
        values={"kind": "kontaktforbud", "status": "innvilget", "decided_on": today - DAY, "expires_on": None},
        today=today,
    )
    assert reminders(kari, today) == {}


def test_reminders_take_one_query_for_any_number_of_residents(make_stay, kari, today):
    def count():
        stays = stays_visible_to(kari).current()  # the membership lookup is the caller's
        with CaptureQueriesContext(connection) as queries:
            overview_reminders(stays, today=today)
        return len(queries)

    add(make_stay(days_ago=20), kari, today, expires_in=3)
    one = count()
    for number in range(20):
        add(make_stay(display_name=f"R{number}", days_ago=20), kari, today, expires_in=number % 16)
    assert count() == one == 1


def test_the_overview_shows_the_reminder_on_the_row_and_in_the_alert(client_for, make_stay, kari, frida, today):
    stay = make_stay(display_name="Vera Varsel", days_ago=20)
    add(stay, kari, today, expires_in=10, kind="voldsalarm")
    content = client_for(kari).get(reverse("reports:overview")).content.decode()

    assert "Sikkerhetstiltak som går ut innen 14 dager: 1 beboer" in content
    assert "Mobil voldsalarm går ut" in content
    # Another shelter sees nothing of it.
    assert "Voldsalarm" not in client_for(frida).get(reverse("reports:overview")).content.decode()
