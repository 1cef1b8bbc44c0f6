"""The done tasks' own page ('Vis flere utførte oppgaver' on the resident's page): axe at 1366 and
390 px, no sideways scrolling, and the link reached from the resident's page by keyboard."""

import datetime

import pytest

from boligplan.housing import services as housing_services
from boligplan.housing.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_done_tasks_page(page, log_in, check_page, kari, stay, today):
    for number in range(30):
        task = housing_services.task_create(
            actor=kari,
            stay=stay,
            title=f"Utført oppgave {number:02d}",
            responsible_party="nav",
            assignee=None,
            due_date=None,
        )
        Task.objects.filter(pk=task.pk).update(done_on=today - datetime.timedelta(days=number))
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(kari)

    page.goto(f"/opphold/{stay.pk}/#s-oppgaver")
    page.locator("summary", has_text="30 utførte oppgaver").click()
    link = page.get_by_role("link", name="Vis flere utførte oppgaver")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/opphold/{stay.pk}/utforte-oppgaver/")
    check_page("done-tasks")
    assert page.get_by_text("30 utførte oppgaver, sist utførte først.").is_visible()
    assert page.get_by_text("Utført oppgave 00").is_visible()
    page.get_by_role("link", name="Neste side").click()
    check_page("done-tasks-page-2")
    assert page.get_by_text("Utført oppgave 29").is_visible()
    check_page.assert_no_violations()
