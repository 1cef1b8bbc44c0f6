"""Retention: after the purge, a canary planted in every kind of personal field is gone everywhere."""

import datetime

from django.apps import apps
from django.db import connection

from boligplan.children import services as children
from boligplan.core.purge import cutoff, purge_due
from boligplan.housing import services as housing
from boligplan.residents import addresses
from boligplan.residents import services as residents
from boligplan.residents.models import Resident, Stay

CANARY = "KANARI-7Q2"


def plant(stay, actor, today):
    residents.journal_note_add(actor=actor, stay=stay, text=f"notat {CANARY}")
    housing.assessment_save(
        actor=actor,
        stay=stay,
        today=today,
        complete=True,
        values={"new_home_needed": "ja", "resident_wishes": f"ønske {CANARY}", "honour_related": True},
    )
    housing.task_create(
        actor=actor, stay=stay, title=f"oppgave {CANARY}", responsible_party="nav", assignee=None, due_date=None
    )
    housing.notification_record(
        actor=actor,
        stay=stay,
        values={
            "agency": "nav",
            "sent_on": stay.arrival_date,
            "channel": "brev",
            "request": f"spørsmål {CANARY}",
            "answer": f"svar {CANARY}",
            "answered_on": stay.arrival_date,
        },
    )
    child = children.child_add(
        actor=actor, stay=stay, first_name=f"Barn{CANARY}", birth_year=2015, school=f"skole {CANARY}"
    )
    children.child_wish_add(actor=actor, child=child, asked_on=stay.arrival_date, words=f"vil {CANARY}")
    children.child_information_add(
        actor=actor, child=child, told_on=stay.arrival_date, phase="for", what_told=f"fortalt {CANARY}", reaction=""
    )
    addresses.stay_set_new_home_address(actor=actor, stay=stay, address=f"Vei {CANARY} 1")


def every_text_value():
    """All text in every table: through the ORM (decrypted) and raw from the database."""
    for model in apps.get_models():
        text_fields = [
            f.attname for f in model._meta.concrete_fields if f.get_internal_type() in ("CharField", "TextField")
        ]
        if text_fields:
            for row in model._base_manager.values_list(*text_fields):
                yield from (str(v) for v in row)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - test, table names from introspection
            for row in cursor.fetchall():
                yield from (str(v) for v in row)


def test_purge_removes_personal_data_of_due_stays_and_keeps_the_statistics(make_stay, kari, today):
    old = make_stay(display_name=f"Navn {CANARY}", days_ago=3 * 365)
    plant(old, kari, old.arrival_date)
    residents.stay_depart(
        actor=kari,
        stay=old,
        departure_date=old.arrival_date + datetime.timedelta(days=40),
        destination="ny_kommunal",
        permanence="varig",
    )
    recent = make_stay(display_name="Fortsatt her", days_ago=5)
    residents.journal_note_add(actor=kari, stay=recent, text="behold meg")
    assert any(CANARY in value for value in every_text_value())

    counts = purge_due(today=today)

    assert counts["stays"] == 1 and counts["residents"] == 1
    assert not any(CANARY in value for value in every_text_value())
    old.refresh_from_db()
    # The anonymous statistical record is kept.
    assert (old.destination, old.permanence, old.purged_on) == ("ny_kommunal", "varig", today)
    assert old.notifications.count() == 1 and old.children.get().moves.count() == 2
    assert Resident.objects.get(pk=old.resident_id).birth_year % 10 == 0
    # The recent stay is untouched.
    assert recent.notes.get().text == "behold meg"
    assert Resident.objects.get(pk=recent.resident_id).display_name == "Fortsatt her"
    # Running it again finds nothing more to do.
    assert purge_due(today=today) == {"stays": 0}


def test_stays_within_the_retention_period_are_kept(make_stay, kari, today, settings):
    settings.RETENTION_MONTHS_AFTER_DEPARTURE = 24
    stay = make_stay(days_ago=400)
    residents.stay_depart(
        actor=kari,
        stay=stay,
        departure_date=today - datetime.timedelta(days=300),
        destination="familie_venner",
        permanence="midlertidig",
    )
    assert cutoff(today) < stay.departure_date + datetime.timedelta(days=1)
    assert purge_due(today=today) == {"stays": 0}
    assert Stay.objects.get(pk=stay.pk).purged_on is None
