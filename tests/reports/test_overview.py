"""The overview (Oversikt): who is here now, how far the housing work has come, and what is late."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.housing import services as housing_services
from boligplan.housing.choices import ResponsibleParty
from boligplan.reports.selectors import AssessmentStatus, overview_rows
from boligplan.residents import services as resident_services

OVERVIEW = reverse("reports:overview")
STAY_LINK = re.compile(r'href="/opphold/[0-9a-f-]{36}/"')


def overview_html(client) -> str:
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    return response.content.decode()


def row_for(html: str, name: str) -> str:
    """The table row (<tr>…</tr>) of the resident with this display name."""
    rows = [row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if f">{name}</a>" in row]
    assert len(rows) == 1, f"{name} has {len(rows)} rows on the overview"
    return rows[0]


def status_of(user, stay, today):
    rows = [row for row in overview_rows(user, today=today) if row.stay.pk == stay.pk]
    assert len(rows) == 1
    return rows[0]


def test_only_current_stays_of_the_own_shelter(client_for, kari, make_stay, foreign_stay, today):
    make_stay(display_name="Anne Aktiv")
    gone = make_stay(display_name="Ulla Utflyttet", days_ago=20)
    resident_services.stay_depart(
        actor=kari, stay=gone, departure_date=today, destination="familie_venner", permanence="midlertidig"
    )

    html = overview_html(client_for(kari))

    assert "Anne Aktiv" in html
    assert "Ulla Utflyttet" not in html
    assert "X.Y." not in html  # Åsby's resident
    assert "(1)" in html  # the count in the heading


def test_assessment_status_follows_the_shelters_due_days(client_for, kari, shelter, make_stay, today):
    late = make_stay(display_name="Lise Lang", days_ago=4)
    due_today = make_stay(display_name="Dag Frist", days_ago=3)
    fresh = make_stay(display_name="Frida Fersk", days_ago=0)
    done = make_stay(display_name="Gunn Ferdig", days_ago=10)
    housing_services.assessment_save(
        actor=kari, stay=done, values={"new_home_needed": "nei"}, complete=True, today=today
    )
    draft = make_stay(display_name="Unni Utkast", days_ago=6)
    housing_services.assessment_save(actor=kari, stay=draft, values={"return_safe": "ja"}, complete=False, today=today)

    # Default: due 3 days after arrival; late from the day after.
    assert shelter.assessment_due_days == 3
    expected = {
        late: AssessmentStatus.OVERDUE,
        due_today: AssessmentStatus.DUE,
        fresh: AssessmentStatus.DUE,
        done: AssessmentStatus.DONE,
        draft: AssessmentStatus.OVERDUE,  # a draft is not a finished assessment
    }
    for stay, status in expected.items():
        assert status_of(kari, stay, today).assessment_status == status, stay.resident.display_name
    assert status_of(kari, late, today).assessment_due_on == today - datetime.timedelta(days=1)

    html = overview_html(client_for(kari))
    assert "Forsinket" in row_for(html, "Lise Lang")
    assert "Forsinket" in row_for(html, "Unni Utkast")
    assert "Forsinket" not in row_for(html, "Dag Frist")
    assert "Utført" in row_for(html, "Gunn Ferdig")
    assert "2 boligkartlegginger er forsinket." in html

    shelter.assessment_due_days = 5
    shelter.save()

    assert status_of(kari, late, today).assessment_status == AssessmentStatus.DUE
    assert status_of(kari, draft, today).assessment_status == AssessmentStatus.OVERDUE
    html = overview_html(client_for(kari))
    assert "Forsinket" not in row_for(html, "Lise Lang")
    assert "Forsinket" in row_for(html, "Unni Utkast")
    assert "1 boligkartlegging er forsinket." in html


@pytest.mark.parametrize(
    ("values", "label"),
    [
        (None, "Ikke avklart"),
        ({"direction": "ikke_avklart"}, "Ikke avklart"),
        ({"direction": "tilbake"}, "Tilbake til tidligere bolig"),
        ({"direction": "ny_bolig"}, "Ny bolig"),
    ],
)
def test_direction_label(client_for, kari, stay, today, values, label):
    if values is not None:
        housing_services.assessment_save(actor=kari, stay=stay, values=values, complete=False, today=today)

    row = row_for(overview_html(client_for(kari)), "A.B.")

    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[2].strip() == label  # days, assessment, direction, agencies, next task


def test_next_open_task_is_the_earliest_due_with_its_responsible_party(client_for, kari, stay, today):
    def add(title, party, due_in):
        due = None if due_in is None else today + datetime.timedelta(days=due_in)
        return housing_services.task_create(
            actor=kari, stay=stay, title=title, responsible_party=party, assignee=None, due_date=due
        )

    add("Uten frist", "krisesenter", None)
    add("Senere oppgave", "boligkontor", 10)
    earliest = add("Tidligste oppgave", "politi", 2)
    done = add("Allerede gjort", "nav", 0)
    housing_services.task_set_done(actor=kari, task=done, done=True, today=today)

    row = row_for(overview_html(client_for(kari)), "A.B.")

    assert "Tidligste oppgave" in row
    for other in ["Uten frist", "Senere oppgave", "Allerede gjort"]:
        assert other not in row
    assert f"{earliest.due_date.day}." in row
    # The responsible party is shown by its name in the UI, as on the stay page.
    assert str(ResponsibleParty.POLICE.label) in row

    housing_services.task_set_done(actor=kari, task=earliest, done=True, today=today)
    row = row_for(overview_html(client_for(kari)), "A.B.")
    assert "Senere oppgave" in row
    assert str(ResponsibleParty.HOUSING_OFFICE.label) in row


def test_overdue_next_task_is_marked(client_for, kari, make_stay, today):
    stay = make_stay(days_ago=10)
    housing_services.task_create(
        actor=kari,
        stay=stay,
        title="For sent",
        responsible_party="nav",
        assignee=None,
        due_date=today - datetime.timedelta(days=1),
    )
    row = row_for(overview_html(client_for(kari)), "A.B.")
    assert "app-status--danger" in row.split("For sent", 1)[1]


def test_days_since_arrival_and_longest_stay_first(client_for, kari, make_stay):
    make_stay(display_name="Kort Tid", days_ago=1)
    make_stay(display_name="Lang Tid", days_ago=17)
    make_stay(display_name="Midt Tid", days_ago=6)

    html = overview_html(client_for(kari))

    for name, days in [("Kort Tid", "1"), ("Lang Tid", "17"), ("Midt Tid", "6")]:
        assert re.findall(r"<td>(.*?)</td>", row_for(html, name), re.S)[0].strip() == days
    assert html.index("Lang Tid") < html.index("Midt Tid") < html.index("Kort Tid")


def test_no_open_tasks(client_for, kari, stay):
    assert "Ingen åpne oppgaver" in row_for(overview_html(client_for(kari)), "A.B.")


@pytest.mark.parametrize("need", [{"new_home_needed": "ja"}, {"direction": "ny_bolig"}])
def test_alarm_until_both_nav_and_housing_office_are_told(client_for, kari, stay, today, need):
    client = client_for(kari)
    assert "Mangler henvendelse" not in row_for(overview_html(client), "A.B.")  # no need known yet

    housing_services.assessment_save(actor=kari, stay=stay, values=need, complete=False, today=today)
    html = overview_html(client)
    assert "Mangler henvendelse" in row_for(html, "A.B.")
    assert "1 beboer trenger ny bolig, men Nav eller boligkontoret har ikke fått henvendelse." in html

    def tell(agency):
        housing_services.notification_record(
            actor=kari,
            stay=stay,
            values={"agency": agency, "sent_on": today, "channel": "telefon", "request": "Trenger bolig"},
        )

    tell("nav")
    row = row_for(overview_html(client), "A.B.")
    assert "Mangler henvendelse" in row
    assert "boligkontor" in row.split("Mangler henvendelse", 1)[1]
    tell("nav")  # telling NAV twice does not count as telling the housing office
    assert "Mangler henvendelse" in row_for(overview_html(client), "A.B.")

    tell("boligkontor")
    html = overview_html(client)
    assert "Mangler henvendelse" not in row_for(html, "A.B.")
    assert "Begge har fått henvendelse" in row_for(html, "A.B.")
    assert "trenger ny bolig, men" not in html


def test_no_alarm_when_no_new_home_is_needed(client_for, kari, stay, today):
    housing_services.assessment_save(
        actor=kari, stay=stay, values={"new_home_needed": "nei", "direction": "tilbake"}, complete=True, today=today
    )
    assert "Mangler henvendelse" not in overview_html(client_for(kari))


def test_another_shelters_notification_does_not_clear_the_alarm(client_for, kari, frida, stay, foreign_stay, today):
    housing_services.assessment_save(
        actor=kari, stay=stay, values={"new_home_needed": "ja"}, complete=False, today=today
    )
    for agency in ["nav", "boligkontor"]:
        housing_services.notification_record(
            actor=frida,
            stay=foreign_stay,
            values={"agency": agency, "sent_on": today, "channel": "brev", "request": "Annet senter"},
        )
    assert "Mangler henvendelse" in row_for(overview_html(client_for(kari)), "A.B.")


# --- Query count: the same for 1 and for 50 residents. ------------------------------------------


def _resident_with_work(make_stay, kari, ola, today, number):
    stay = make_stay(display_name=f"Beboer {number:02d}", days_ago=number % 9, contact=kari if number % 2 else ola)
    housing_services.assessment_save(
        actor=kari,
        stay=stay,
        values={"new_home_needed": "ja", "direction": "ny_bolig"},
        complete=number % 3 == 0,
        today=today,
    )
    housing_services.tracks_set(actor=kari, stay=stay, tracks=["privat_leie"], today=today)
    housing_services.task_create(
        actor=kari, stay=stay, title="Egen oppgave", responsible_party="nav", assignee=ola, due_date=today
    )
    housing_services.notification_record(
        actor=kari,
        stay=stay,
        values={"agency": "nav", "sent_on": stay.arrival_date, "channel": "telefon", "request": "Bolig"},
    )
    if number % 2:
        housing_services.notification_record(
            actor=kari,
            stay=stay,
            values={"agency": "boligkontor", "sent_on": stay.arrival_date, "channel": "brev", "request": "Bolig"},
        )
    return stay


def _count_overview_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(OVERVIEW)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_overview_runs_the_same_number_of_queries_for_1_and_50_residents(client_for, kari, ola, make_stay, today):
    client = client_for(kari)
    _resident_with_work(make_stay, kari, ola, today, 1)
    client.get(OVERVIEW)  # warm up: anything done once per process is not per row

    with_one, html = _count_overview_queries(client)
    assert len(STAY_LINK.findall(html)) == 1

    for number in range(2, 51):
        _resident_with_work(make_stay, kari, ola, today, number)
    with_fifty, html = _count_overview_queries(client)
    assert len(STAY_LINK.findall(html)) == 50

    print(f"\noverview queries: {with_one} with 1 resident, {with_fifty} with 50 residents")
    assert with_one == with_fifty


# --- Query count with children: the same for 1 and for 20 children. ------------------------------


def _child_with_history(kari, berit, stay, today, number):
    from boligplan.children import services as children_services

    child = children_services.child_add(
        actor=kari,
        stay=stay,
        first_name=f"Barn {number:02d}",
        birth_year=today.year - 1 - number % 17,
        contact_person=berit if number % 2 else kari,
    )
    if number % 3:
        children_services.child_information_add(actor=berit, child=child, told_on=today, phase="for", what_told="x")
    children_services.child_wish_add(actor=berit, child=child, asked_on=today, words="Vil ha eget rom")
    return child


def test_overview_runs_the_same_number_of_queries_for_1_and_20_children(client_for, kari, berit, make_stay, today):
    client = client_for(kari)
    stays = [make_stay(display_name=f"Forelder {number}", days_ago=number) for number in range(1, 6)]
    for stay in stays:  # every family is about to move: the flag is computed for each of them
        resident_services.stay_set_ready_to_move(
            actor=kari, stay=stay, ready_to_move_date=today, wait_cause="", planned_departure_date=today
        )
    _child_with_history(kari, berit, stays[0], today, 1)
    client.get(OVERVIEW)

    with_one, html = _count_overview_queries(client)
    assert html.count("Barn ikke informert før flytting") == 0  # child 1 was told

    for number in range(2, 21):
        _child_with_history(kari, berit, stays[number % 5], today, number)
    with_twenty, html = _count_overview_queries(client)
    # Children 3, 6, ..., 18 were not told; they live in four of the five families.
    assert html.count("Barn ikke informert før flytting") == len({n % 5 for n in range(3, 21, 3)})

    print(f"\noverview queries: {with_one} with 1 child, {with_twenty} with 20 children")
    assert with_one == with_twenty
