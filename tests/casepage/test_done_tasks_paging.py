"""Done tasks are paged: the resident's page shows the latest, 'vis flere' leads to all of them,
latest first, in pages; the page costs the same queries with 3 done tasks or 200."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.housing import services as housing_services
from boligplan.housing.models import Task
from boligplan.housing.selectors import DONE_TASKS_PER_PAGE, RECENT_DONE_TASKS


def _done_tasks(kari, stay, today, count, start=0):
    for number in range(start, start + count):
        task = housing_services.task_create(
            actor=kari, stay=stay, title=f"Gjort {number:03d}", responsible_party="nav", assignee=None, due_date=None
        )
        Task.objects.filter(pk=task.pk).update(done_on=today - datetime.timedelta(days=300 - number))


def test_the_resident_page_shows_the_latest_done_tasks_and_links_to_the_rest(client_for, kari, stay, today):
    _done_tasks(kari, stay, today, RECENT_DONE_TASKS + 5)
    client = client_for(kari)

    html = client.get(reverse("residents:stay-detail", args=[stay.pk])).content.decode()

    assert f"{RECENT_DONE_TASKS + 5} utførte oppgaver" in html
    newest = RECENT_DONE_TASKS + 4
    assert f"Gjort {newest:03d}" in html
    assert f"Gjort {newest - RECENT_DONE_TASKS + 1:03d}" in html
    assert f"Gjort {newest - RECENT_DONE_TASKS:03d}" not in html  # beyond the latest ten
    assert reverse("residents:stay-done-tasks", args=[stay.pk]) in html
    assert "Vis flere utførte oppgaver" in html


def test_no_more_link_when_every_done_task_is_shown(client_for, kari, stay, today):
    _done_tasks(kari, stay, today, 3)
    html = client_for(kari).get(reverse("residents:stay-detail", args=[stay.pk])).content.decode()
    assert "3 utførte oppgaver" in html
    assert "Vis flere utførte oppgaver" not in html


def test_the_done_tasks_page_lists_them_all_latest_first_in_pages(client_for, kari, stay, today):
    total = DONE_TASKS_PER_PAGE + 3
    _done_tasks(kari, stay, today, total)
    client = client_for(kari)
    url = reverse("residents:stay-done-tasks", args=[stay.pk])

    first = client.get(url).content.decode()
    second = client.get(url, {"side": 2}).content.decode()

    assert f"{total} utførte oppgaver" in first
    assert first.index(f"Gjort {total - 1:03d}") < first.index(f"Gjort {total - 2:03d}")
    assert "Gjort 000" not in first and "Gjort 000" in second
    assert "Side 1 av 2" in first
    assert client.get(url, {"side": "x"}).status_code == 200


def test_the_resident_page_costs_the_same_queries_with_few_and_many_done_tasks(client_for, kari, stay, today):
    _done_tasks(kari, stay, today, 3)
    client = client_for(kari)
    url = reverse("residents:stay-detail", args=[stay.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _done_tasks(kari, stay, today, 200, start=3)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "203 utførte oppgaver" in html
    assert len(many) == len(few)
    assert html.count("Gjort ") == 2 * RECENT_DONE_TASKS  # each title, and the hidden label of its button
