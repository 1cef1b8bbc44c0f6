"""The resident's page built around now: the "Nå" panel, the section menu, folded finished parts,
the latest journal notes with the whole journal in pages, and saves that land in their section."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.housing import services as housing_services
from boligplan.housing.models import Task
from boligplan.residents import services as resident_services
from boligplan.residents.selectors import part_from_referer
from tests.busy import make_busy_resident


def task_titled(stay, title):
    """Titles are encrypted at rest, so the database cannot match on them: look in Python."""
    return next(task for task in Task.objects.filter(stay=stay) if task.title == title)


def _page(client, stay, **headers) -> str:
    response = client.get(reverse("residents:stay-detail", args=[stay.pk]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def _now_panel(html: str) -> str:
    return html[html.index('aria-labelledby="h-now"') : html.index('id="s-kartlegging"')]


@pytest.fixture
def busy(make_stay, kari, ola, today):
    return make_busy_resident(make_stay, kari, today, colleague=ola)


def test_the_now_panel_lists_what_is_late_then_the_next_seven_days(client_for, kari, busy, today):
    panel = _now_panel(_page(client_for(kari), busy))
    overdue = re.search(r'<ul class="app-now-list app-now-overdue">(.*?)</ul>', panel, re.S).group(1)
    soon = re.search(r'<ul class="app-now-list app-now-soon">(.*?)</ul>', panel, re.S).group(1)

    assert overdue.count("<li>") == 12  # nine tasks, three notifications past their follow-up date
    assert soon.count("<li>") == 3
    assert "Steg 01 i boligarbeidet" in overdue and "Steg 10 i boligarbeidet" in soon
    assert "Steg 13 i boligarbeidet" not in panel  # done tasks are not "now"
    # Each item links to its row on the page.
    task = task_titled(busy, "Steg 01 i boligarbeidet")
    assert f'href="#steg-{task.pk}"' in overdue
    assert "app-status--danger" in overdue and "app-status--danger" not in soon


def test_overdue_tasks_are_marked_in_the_table(client_for, kari, busy):
    html = _page(client_for(kari), busy)
    late = task_titled(busy, "Steg 01 i boligarbeidet")
    on_time = task_titled(busy, "Steg 10 i boligarbeidet")
    assert re.search(rf'<tr id="steg-{late.pk}" class="app-row-overdue">', html)
    assert re.search(rf'<tr id="steg-{on_time.pk}">', html)


def test_the_section_menu_counts_and_marks(client_for, kari, busy):
    html = _page(client_for(kari), busy)
    menu = html[html.index('aria-label="Deler av saken"') :]
    menu = menu[: menu.index("</nav>")]
    anchors = re.findall(r'href="#(s-[a-z]+)"', menu)
    assert anchors == ["s-kartlegging", "s-oppgaver", "s-sikkerhet", "s-boligsok", "s-barn", "s-flytting", "s-journal"]
    assert re.search(
        r'#s-oppgaver">Oppgaver og instanser <span class="app-count">15</span> <span class="app-status', menu
    )
    assert re.search(r'#s-boligsok">Boligsøk <span class="app-count">5</span></a>', menu)


def test_finished_parts_fold(client_for, kari, busy):
    html = _page(client_for(kari), busy)
    assert 'class="app-facts app-facts--line"' in html  # the completed assessment
    assert "9 utførte oppgaver</summary>" in html
    assert "3 besvarte henvendelser</summary>" in html
    assert re.search(r'<details class="app-fold app-fold--part">\s*<summary>Sikkerhet', html)  # nothing late there


def test_the_journal_shows_the_latest_five_and_the_rest_in_pages(client_for, kari, busy):
    client = client_for(kari)
    html = _page(client, busy)
    assert html.count('class="app-note app-note--short"') == 5
    assert "Notat 20:" in html and "Notat 16:" in html and "Notat 15:" not in html
    journal = reverse("residents:stay-notes", args=[busy.pk])
    assert f'href="{journal}"' in html

    for number in range(21, 31):
        resident_services.journal_note_add(actor=kari, stay=busy, text=f"Notat {number}: mer")
    first = client.get(journal).content.decode()
    second = client.get(journal, {"side": "2"}).content.decode()
    assert first.count("<article") == 25 and second.count("<article") == 5
    assert "Side 1 av 2" in first
    assert client.get(journal, {"side": "x"}).status_code == 200


def test_the_journal_page_costs_the_same_queries_for_few_and_many_notes(client_for, kari, stay):
    client = client_for(kari)
    journal = reverse("residents:stay-notes", args=[stay.pk])
    resident_services.journal_note_add(actor=kari, stay=stay, text="Første")
    client.get(journal)
    with CaptureQueriesContext(connection) as few:
        client.get(journal)
    for number in range(60):
        resident_services.journal_note_add(actor=kari, stay=stay, text=f"Notat {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(journal)
    assert len(many) == len(few)


def test_the_resident_page_costs_the_same_queries_however_busy(client_for, kari, ola, busy, today):
    client = client_for(kari)
    _page(client, busy)
    with CaptureQueriesContext(connection) as before:
        _page(client, busy)
    for number in range(15):  # more of everything the Nå panel and the folds are built from
        housing_services.task_create(
            actor=kari,
            stay=busy,
            title=f"Ekstra {number}",
            responsible_party="nav",
            assignee=ola,
            due_date=today + datetime.timedelta(days=number - 5),
        )
        resident_services.journal_note_add(actor=kari, stay=busy, text=f"Ekstra notat {number}")
        housing_services.notification_record(
            actor=kari,
            stay=busy,
            values={"agency": "nav", "sent_on": today, "channel": "telefon", "request": "x", "follow_up_on": today},
        )
    with CaptureQueriesContext(connection) as after:
        html = _page(client, busy)
    assert "Ekstra 0" in html
    assert len(after) == len(before)


def test_a_saved_note_lands_at_the_journal(client_for, kari, stay):
    response = client_for(kari).post(reverse("residents:note-add", args=[stay.pk]), {"text": "Et notat"})
    assert response["Location"] == reverse("residents:stay-detail", args=[stay.pk]) + "#s-journal"


def test_a_task_done_on_the_page_lands_at_the_tasks(client_for, kari, stay, today):
    task = housing_services.task_create(
        actor=kari, stay=stay, title="Ring NAV", responsible_party="nav", assignee=None, due_date=today
    )
    back = reverse("residents:stay-detail", args=[stay.pk]) + "#s-oppgaver"
    client = client_for(kari)

    done = client.post(reverse("worklist:task-done", args=[task.pk]), {"version": "1", "next": back})
    assert done["Location"] == back
    assert Task.objects.get(pk=task.pk).done_on == today
    reopened = client.post(reverse("worklist:task-done", args=[task.pk]), {"version": "2", "done": "0", "next": back})
    assert reopened["Location"] == back
    assert Task.objects.get(pk=task.pk).done_on is None


def test_a_task_done_cannot_be_sent_to_another_residents_page(client_for, kari, make_stay, stay, today):
    other = make_stay(display_name="Annen")
    task = housing_services.task_create(
        actor=kari, stay=stay, title="Ring NAV", responsible_party="nav", assignee=None, due_date=today
    )
    response = client_for(kari).post(
        reverse("worklist:task-done", args=[task.pk]),
        {"version": "1", "next": reverse("residents:stay-detail", args=[other.pk])},
    )
    assert response["Location"] == reverse("worklist:queue")


@pytest.mark.parametrize(
    ("referer", "part"),
    [
        ("http://testserver/opphold/00000000-0000-0000-0000-000000000001/sikkerhetstiltak/ny/", "s-sikkerhet"),
        ("/henvendelser/00000000-0000-0000-0000-000000000001/", "notifications"),
        ("/", ""),
        ("not a url", ""),
        ("", ""),
    ],
)
def test_coming_back_from_an_app_opens_its_part(referer, part):
    assert part_from_referer(referer) == part


def test_coming_back_from_the_safety_pages_opens_the_safety_part(client_for, kari, stay):
    client = client_for(kari)
    folded = _page(client, stay)
    opened = _page(client, stay, HTTP_REFERER=reverse("safety:measure-create", args=[stay.pk]))
    assert re.search(r'<details class="app-fold app-fold--part">\s*<summary>Sikkerhet', folded)
    assert re.search(r'<details class="app-fold app-fold--part" open>\s*<summary>Sikkerhet', opened)
