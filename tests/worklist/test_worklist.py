"""The work queue (Oppgaver): every open step of the current residents, grouped by when it is due,
filtered through the URL, marked done in place (htmx) or by a plain POST, and the same number of
queries for 1 and for 50 residents."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.housing import services as housing_services
from boligplan.housing.models import Task
from boligplan.residents import services as resident_services
from boligplan.worklist.selectors import Group, Item, group_of

QUEUE = reverse("worklist:queue")


def _task(actor, stay, title, *, due, party="krisesenter", assignee=None):
    return housing_services.task_create(
        actor=actor, stay=stay, title=title, responsible_party=party, assignee=assignee, due_date=due
    )


def _list(html: str) -> str:
    """The queue itself, without the filter form (whose resident menu names every resident)."""
    return html[html.index('<div id="queue-list"') :]


def _group(html: str, key: str) -> str:
    """The HTML of one group of the queue."""
    match = re.search(rf'<section[^>]*aria-labelledby="gruppe-{key}">(.*?)</section>', html, re.S)
    assert match, f"no group {key}"
    return match.group(1)


@pytest.fixture
def tone(make_stay):
    return make_stay(display_name="Tone Testbeboer", days_ago=10)


def test_steps_of_every_current_resident_by_when_they_are_due(client_for, kari, ola, make_stay, tone, today):
    ida = make_stay(display_name="Ida Iversen", days_ago=5, contact=ola)
    gone = make_stay(display_name="Gunn Gått", days_ago=20)
    _task(kari, tone, "Ring NAV om depositum", due=today - datetime.timedelta(days=2))
    _task(ola, ida, "Søk bostøtte", due=today)
    _task(kari, tone, "Skriv søknad om startlån", due=today + datetime.timedelta(days=30))
    _task(kari, gone, "Gammel oppgave", due=today - datetime.timedelta(days=1))
    resident_services.stay_depart(
        actor=kari, stay=gone, departure_date=today, destination="familie_venner", permanence="midlertidig"
    )

    html = client_for(kari).get(QUEUE).content.decode()

    assert "Ring NAV om depositum" in _group(html, Group.OVERDUE)
    assert "Søk bostøtte" in _group(html, Group.TODAY)
    assert "Skriv søknad om startlån" in _group(html, Group.LATER)
    # The steps that come from other sources than tasks are there too (the assessment is due).
    assert "Gjør boligkartleggingen" in html
    assert "Ida Iversen" in html and "Tone Testbeboer" in html
    assert "Gammel oppgave" not in html and "Gunn Gått" not in html


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-1, Group.OVERDUE), (0, Group.TODAY), (1, Group.WEEK), (6, Group.WEEK), (7, Group.LATER), (None, Group.LATER)],
)
def test_groups_follow_the_calendar_week(offset, expected):
    monday = datetime.date(2026, 11, 30)
    due = monday + datetime.timedelta(days=offset) if offset is not None else None
    item = Item(title="x", source="", party="krisesenter", due=due, url="", kind="task", holder_id=None, holder_name="")
    assert group_of(item, monday) == expected


def test_an_urgent_item_without_a_date_is_overdue(client_for, kari, tone, today):
    housing_services.assessment_save(
        actor=kari, stay=tone, values={"new_home_needed": "ja"}, complete=True, today=today
    )

    html = client_for(kari).get(QUEUE).content.decode()

    assert "Send henvendelse til Nav og boligkontoret om at ny bolig trengs" in _group(html, Group.OVERDUE)


def test_filter_mine_staff_party_and_resident(client_for, kari, ola, make_stay, tone, today):
    ida = make_stay(display_name="Ida Iversen", days_ago=5, contact=ola)
    _task(kari, tone, "Karis oppgave", due=today, assignee=kari)
    _task(kari, tone, "Olas oppgave hos Tone", due=today, assignee=ola, party="nav")
    _task(ola, ida, "Oppgave hos Ida uten ansvarlig ansatt", due=today)
    client = client_for(kari)

    mine = client.get(QUEUE, {"mine": "on"}).content.decode()
    assert "Karis oppgave" in mine
    assert "Olas oppgave hos Tone" not in mine  # assigned to ola, though Tone is kari's resident
    assert "Oppgave hos Ida" not in mine  # Ida's contact person is ola

    olas = client.get(QUEUE, {"ansatt": str(ola.pk)}).content.decode()
    assert "Olas oppgave hos Tone" in olas and "Oppgave hos Ida uten ansvarlig ansatt" in olas
    assert "Karis oppgave" not in olas

    nav = client.get(QUEUE, {"ansvarlig": "nav"}).content.decode()
    assert "Olas oppgave hos Tone" in nav and "Karis oppgave" not in nav

    idas = client.get(QUEUE, {"beboer": str(ida.pk)}).content.decode()
    assert "Oppgave hos Ida" in idas and "Karis oppgave" not in idas
    assert "Tone Testbeboer" not in _list(idas)
    # The filters are kept in the form, so the page says what it shows.
    assert f'<option value="{ida.pk}" selected>' in idas


@pytest.mark.parametrize(
    "query",
    [
        {"ansatt": "abc"},
        {"ansatt": "999999"},
        {"ansvarlig": "mafia"},
        {"beboer": "00000000-0000-0000-0000-000000000000"},
        {"beboer": "<script>"},
        {"varsel": "ikke et slag"},
        {"varsel": "Ukjent.<b>"},
    ],
)
def test_a_bad_filter_gets_a_clear_message_not_a_500(client_for, kari, tone, today, query):
    _task(kari, tone, "Karis oppgave", due=today)

    response = client_for(kari).get(QUEUE, query)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Skjemaet har feil som må rettes" in html
    assert "Karis oppgave" not in html  # no list that pretends to be filtered
    assert "<script>" not in html


def test_another_shelters_staff_member_is_not_a_filter_value(client_for, kari, frida, foreign_stay):
    assert client_for(kari).get(QUEUE, {"ansatt": str(frida.pk)}).status_code == 400
    assert client_for(kari).get(QUEUE, {"beboer": str(foreign_stay.pk)}).status_code == 400


def test_the_page_is_audited_once_and_names_no_filter(client_for, kari, shelter, tone):
    before = AuditEvent.objects.count()

    client_for(kari).get(QUEUE, {"beboer": str(tone.pk)})

    rows = list(AuditEvent.objects.order_by("pk"))[before:]
    assert [(row.action, row.object_type, row.object_id) for row in rows] == [
        ("worklist.viewed", "shelter", shelter.pk)
    ]


def test_other_shelters_residents_are_not_in_the_queue(client_for, kari, frida, tone, foreign_stay, today):
    _task(frida, foreign_stay, "Åsbys oppgave", due=today)
    html = client_for(kari).get(QUEUE).content.decode()
    assert "Åsbys oppgave" not in html and "X.Y." not in html


# --- Marking a task done from the queue. -------------------------------------------------------


def test_done_in_place_with_htmx_returns_the_list_without_the_task(client_for, kari, tone, today):
    task = _task(kari, tone, "Ring NAV", due=today, assignee=kari)
    other = _task(kari, tone, "Søk bostøtte", due=today, assignee=kari)
    before = AuditEvent.objects.count()

    response = client_for(kari).post(
        reverse("worklist:task-done", args=[task.pk]),
        {"version": str(task.version), "next": QUEUE + "?mine=on"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="queue-list"')  # only the list, for htmx to swap in
    assert "<html" not in html
    assert "«Ring NAV» er merket som utført." in html
    assert "Søk bostøtte" in html and f"utfort-i-koen/{task.pk}" not in html
    assert f'name="next" value="{QUEUE}?mine=on"' in html  # the next button keeps the filters
    assert Task.objects.get(pk=task.pk).done_on == today
    assert Task.objects.get(pk=other.pk).done_on is None
    assert [row.action for row in AuditEvent.objects.order_by("pk")[before:]] == ["task.completed"]


def test_done_without_javascript_goes_back_to_the_same_filtered_queue(client_for, kari, tone, today):
    task = _task(kari, tone, "Ring NAV", due=today)
    back = f"{QUEUE}?ansvarlig=krisesenter&beboer={tone.pk}"

    response = client_for(kari).post(reverse("worklist:task-done", args=[task.pk]), {"version": "1", "next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    assert Task.objects.get(pk=task.pk).done_on == today


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example/oppgaver/", "//evil.example/oppgaver/", "/opphold/tidligere/", "javascript:alert(1)", ""],
)
def test_next_never_leaves_the_queue(client_for, kari, tone, today, unsafe):
    task = _task(kari, tone, "Ring NAV", due=today)

    response = client_for(kari).post(reverse("worklist:task-done", args=[task.pk]), {"version": "1", "next": unsafe})

    assert response.status_code == 302
    assert response["Location"] == QUEUE


def test_a_stale_done_is_a_conflict_and_changes_nothing(client_for, kari, ola, tone, today):
    task = _task(kari, tone, "Ring NAV", due=today)
    housing_services.task_update(actor=ola, task=task, values={"title": "Ring NAV i dag"}, expected_version=1)

    response = client_for(kari).post(
        reverse("worklist:task-done", args=[task.pk]), {"version": "1", "next": QUEUE}, HTTP_HX_REQUEST="true"
    )

    assert "endret av noen andre" in response.content.decode()
    assert Task.objects.get(pk=task.pk).done_on is None


# --- The children's contact person and the other roles. -----------------------------------------


def test_childrens_contact_sees_only_her_childrens_items(client_for, kari, ola, berit, tone, today):
    _task(kari, tone, "Foreldrenes oppgave", due=today)
    children_services.child_add(
        actor=kari, stay=tone, first_name="Tiril", birth_year=today.year - 8, contact_person=berit
    )
    children_services.child_add(
        actor=kari, stay=tone, first_name="Sindre", birth_year=today.year - 5, contact_person=ola
    )
    resident_services.stay_set_ready_to_move(
        actor=kari, stay=tone, ready_to_move_date=today, wait_cause="", planned_departure_date=None
    )

    response = client_for(berit).get(QUEUE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tiril" in html
    assert "Fortell barnet hva som skjer før flyttingen" in _group(html, Group.OVERDUE)
    assert "Sindre" not in html
    assert "Foreldrenes oppgave" not in html and "Tone Testbeboer" not in html
    assert "Gjør boligkartleggingen" not in html


def test_statistics_only_gets_403(client_for, stian):
    assert client_for(stian).get(QUEUE).status_code == 403


def test_childrens_contact_cannot_mark_a_parents_task_done(client_for, kari, berit, tone, today):
    task = _task(kari, tone, "Ring NAV", due=today)
    response = client_for(berit).post(reverse("worklist:task-done", args=[task.pk]), {"version": "1"})
    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).done_on is None


# --- The overview's warning lines lead here. -----------------------------------------------------


def test_an_overview_warning_links_to_the_queue_filtered_to_its_items(client_for, kari, make_stay, tone, today):
    ida = make_stay(display_name="Ida Iversen", days_ago=5)
    housing_services.notification_record(
        actor=kari,
        stay=tone,
        values={
            "agency": "nav",
            "sent_on": today - datetime.timedelta(days=9),
            "channel": "telefon",
            "request": "Ba om møte",
            "follow_up_on": today - datetime.timedelta(days=2),
        },
    )
    housing_services.notification_record(
        actor=kari,
        stay=ida,
        values={
            "agency": "nav",
            "sent_on": today,
            "channel": "telefon",
            "request": "Ba om møte",
            "follow_up_on": today + datetime.timedelta(days=5),
        },
    )
    _task(kari, tone, "Karis oppgave", due=today)
    client = client_for(kari)

    overview = client.get(reverse("reports:overview")).content.decode()
    link = re.search(r'href="(/oppgaver/\?varsel=notification.follow_up)"', overview)
    assert link, "the warning line does not link to the queue"

    html = _list(client.get(link.group(1)).content.decode())
    assert html.count("Svar på henvendelsen sendt") == 1  # Tone's, whose follow-up date has come
    assert "Tone Testbeboer" in html and "Ida Iversen" not in html
    assert "Karis oppgave" not in html


def test_a_reminder_kind_without_a_rule_of_its_own_shows_its_residents_items(client_for, kari, make_stay, tone, today):
    """An app may add a reminder kind later; its overview link must still lead somewhere sensible."""
    from boligplan.worklist.selectors import Item, matches_warning

    item = Item(
        title="x", source="", party="krisesenter", due=None, url="", kind="task", holder_id=None, holder_name=""
    )
    assert matches_warning("nytt.slag", item, {"nytt.slag"}, today)
    assert not matches_warning("nytt.slag", item, {"noe.annet"}, today)
    response = client_for(kari).get(QUEUE, {"varsel": "nytt.slag"})
    assert response.status_code == 200
    assert "0 åpne steg" in response.content.decode()  # no resident has that reminder


def test_every_overview_warning_link_answers(client_for, kari, make_stay, tone, today):
    housing_services.assessment_save(
        actor=kari, stay=tone, values={"new_home_needed": "ja"}, complete=False, today=today
    )
    client = client_for(kari)
    overview = client.get(reverse("reports:overview")).content.decode()
    links = re.findall(r'href="(/oppgaver/\?varsel=[^"]+)"', overview)
    assert len(links) >= 2  # the alarm and the overdue assessment, at least

    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link
        assert "Tone Testbeboer" in response.content.decode()


# --- Query count: 1 resident and 50 cost the same. ------------------------------------------------


def _resident_with_work(make_stay, kari, ola, today, number):
    stay = make_stay(display_name=f"Beboer {number:02d}", days_ago=5 + number % 7, contact=kari if number % 2 else ola)
    _task(kari, stay, f"Oppgave {number}", due=today + datetime.timedelta(days=number % 9 - 4), assignee=ola)
    housing_services.notification_record(
        actor=kari,
        stay=stay,
        values={"agency": "nav", "sent_on": today, "channel": "telefon", "request": "x", "follow_up_on": today},
    )
    housing_services.application_record(
        actor=kari,
        stay=stay,
        values={"kind": "kommunal_bolig", "agency": "Tildelingskontoret", "sent_on": today, "status": "sendt"},
    )
    children_services.child_add(actor=kari, stay=stay, first_name=f"Barn {number}", birth_year=today.year - 6)
    return stay


def _count(client, query=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE, query or {})
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_queue_runs_the_same_number_of_queries_for_1_and_50_residents(client_for, kari, ola, make_stay, today):
    from tests.helpers import build_case

    client = client_for(kari)
    build_case(_resident_with_work(make_stay, kari, ola, today, 1), kari, today)
    client.get(QUEUE)  # warm up

    with_one, html = _count(client)
    assert html.count(">Oppgave 1</a>") == 1

    for number in range(2, 51):
        _resident_with_work(make_stay, kari, ola, today, number)
    with_fifty, html = _count(client)
    assert html.count('class="app-queue-item') >= 50 * 4

    print(f"\nqueue queries: {with_one} with 1 resident, {with_fifty} with 50 residents")
    assert with_one == with_fifty
    assert _count(client, {"mine": "on"})[0] == with_one
