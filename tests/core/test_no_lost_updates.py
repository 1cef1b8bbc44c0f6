"""No lost updates: of two people saving the same record, the second gets a conflict, never a silent overwrite."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from boligplan.core.concurrency import EditConflict
from boligplan.housing import services as housing
from boligplan.housing.models import Task

RACES = 100


@pytest.mark.django_db(transaction=True)
def test_hundred_races_end_with_one_winner_and_one_conflict_each(make_stay, kari, ola, today):
    stay = make_stay()
    task = housing.task_create(
        actor=kari, stay=stay, title="Start", responsible_party="krisesenter", assignee=None, due_date=None
    )
    outcomes = {"saved": 0, "conflict": 0, "other": []}
    silent_overwrites = 0

    def save(user, title, version, barrier, results):
        try:
            barrier.wait()
            housing.task_update(actor=user, task=task, values={"title": title}, expected_version=version)
            results.append(title)
        except EditConflict:
            results.append(None)
        except Exception as error:  # noqa: BLE001 - any other failure is reported, not hidden
            outcomes["other"].append(repr(error))
        finally:
            connection.close()

    for race in range(RACES):
        version = Task.objects.get(pk=task.pk).version
        barrier = threading.Barrier(2)
        results: list = []
        threads = [
            threading.Thread(target=save, args=(kari, f"kari-{race}", version, barrier, results)),
            threading.Thread(target=save, args=(ola, f"ola-{race}", version, barrier, results)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        winners = [r for r in results if r is not None]
        outcomes["saved"] += len(winners)
        outcomes["conflict"] += results.count(None)
        stored = Task.objects.get(pk=task.pk)
        # A silent overwrite: both believed they saved, or the stored title is not the one winner's.
        if len(winners) != 1 or stored.title != winners[0] or stored.version != version + 1:
            silent_overwrites += 1

    print(
        f"{RACES} races on {connection.vendor}: {outcomes['saved']} saved, {outcomes['conflict']} conflicts, "
        f"{silent_overwrites} silent overwrites"
    )
    assert outcomes["other"] == []
    assert silent_overwrites == 0
    assert outcomes == {"saved": RACES, "conflict": RACES, "other": []}


def test_the_second_save_gets_a_conflict_page_that_keeps_the_text(client_for, kari, ola, stay, today):
    task = housing.task_create(
        actor=kari, stay=stay, title="Ring NAV", responsible_party="nav", assignee=None, due_date=None
    )
    url = reverse("housing:task-edit", args=[task.pk])
    loaded = task.version
    form = {"title": "", "responsible_party": "nav", "assignee": "", "due_date": "", "version": str(loaded)}

    first = client_for(ola).post(url, form | {"title": "Ring NAV i dag"})
    assert first.status_code == 302

    second = client_for(kari).post(url, form | {"title": "Ring NAV og boligkontoret, spør om depositum"})
    assert second.status_code == 409
    html = second.content.decode()
    assert "Noen andre har lagret endringer mens du skrev" in html
    assert "Ring NAV i dag" in html  # theirs
    assert "Ring NAV og boligkontoret, spør om depositum" in html  # yours, kept in the form
    assert f'name="version" value="{loaded + 1}"' in html  # saving again is a deliberate choice
    task.refresh_from_db()
    assert task.title == "Ring NAV i dag"

    again = client_for(kari).post(url, form | {"title": "Ring NAV og boligkontoret", "version": str(loaded + 1)})
    assert again.status_code == 302
    task.refresh_from_db()
    assert task.title == "Ring NAV og boligkontoret"


def test_a_conflict_on_an_address_never_shows_the_stored_address(client_for, kari, ola, stay):
    url = reverse("residents:stay-address-edit", args=[stay.pk])
    loaded = stay.version
    assert client_for(ola).post(url, {"address": "Hemmelig gate 1", "version": str(loaded)}).status_code == 302
    second = client_for(kari).post(url, {"address": "Annen vei 2", "version": str(loaded)})
    assert second.status_code == 409
    assert "Hemmelig gate 1" not in second.content.decode()


def test_departing_twice_at_once_counts_one_departure(client_for, kari, ola, stay, today):
    url = reverse("residents:stay-depart", args=[stay.pk])
    form = {
        "departure_date": today.isoformat(),
        "destination": "familie_venner",
        "permanence": "midlertidig",
        "temporary_reason": "venter_varig",
        "version": str(stay.version),
    }
    assert client_for(ola).post(url, form).status_code == 302
    response = client_for(kari).post(url, form)
    assert response.status_code in (302, 409)  # the page of an ended stay, or the conflict
    stay.refresh_from_db()
    assert stay.departure_date == today
    assert stay.version == 2
    assert datetime.date.today() >= stay.arrival_date


def test_the_hidden_version_field_is_not_shown_as_a_field(client_for, kari, stay):
    html = client_for(kari).get(reverse("housing:application-create", args=[stay.pk])).content.decode()
    assert 'type="hidden" name="version"' in html
    assert ">Version<" not in html and 'for="id_version"' not in html


@pytest.fixture
def case(stay, kari, berit, today):
    from tests.helpers import build_case

    return build_case(stay, kari, today, child_contact=berit)


def _conflict_cases(case, today, ola):
    """(url, form without version, the version the form was loaded with) for every versioned edit page."""
    from boligplan.housing.models import Application, HousingAssessment, Notification

    stay, child = case.stay, case.child
    day = today.isoformat()
    return {
        "ready-to-move": (
            reverse("residents:stay-ready-to-move", args=[stay.pk]),
            {"ready_to_move_date": day, "wait_cause": "nav"},
            stay.version,
        ),
        "contact": (reverse("residents:stay-contact-edit", args=[stay.pk]), {"contact_person": ola.pk}, stay.version),
        "protection": (
            reverse("residents:resident-protection-edit", args=[stay.pk]),
            {"grading": "FORTROLIG"},
            stay.resident.version,
        ),
        "assessment": (
            reverse("housing:assessment-edit", args=[stay.pk]),
            {"direction": "ikke_avklart", "new_home_needed": "ja"},
            HousingAssessment.objects.get(stay=stay).version,
        ),
        "notification": (
            reverse("housing:notification-edit", args=[case.notification.pk]),
            {"agency": "nav", "sent_on": day, "channel": "telefon", "request": "Ny tekst"},
            Notification.objects.get(pk=case.notification.pk).version,
        ),
        "application": (
            reverse("housing:application-edit", args=[case.application.pk]),
            {"kind": "startlan", "agency": "Husbanken", "sent_on": day, "status": "sendt"},
            Application.objects.get(pk=case.application.pk).version,
        ),
        "child": (
            reverse("children:child-edit", args=[child.pk]),
            {"first_name": child.first_name, "birth_year": str(child.birth_year), "school": "Ny skole"},
            child.version,
        ),
        "shelter": (reverse("shelter-settings"), {"assessment_due_days": "4"}, stay.shelter.version),
    }


@pytest.mark.parametrize(
    "name", ["ready-to-move", "contact", "protection", "assessment", "notification", "application", "child", "shelter"]
)
def test_every_versioned_page_answers_a_lost_race_with_a_conflict(client_for, kari, ola, lene, case, today, name):
    url, form, loaded = _conflict_cases(case, today, ola)[name]
    first_user, second_user = (lene, lene) if name == "shelter" else (ola, kari)
    assert client_for(first_user).post(url, form | {"version": str(loaded)}).status_code == 302
    second = client_for(second_user).post(url, form | {"version": str(loaded)})
    assert second.status_code == 409
    assert f'name="version" value="{loaded + 1}"' in second.content.decode()
