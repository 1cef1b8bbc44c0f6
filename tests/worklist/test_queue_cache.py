# ruff: noqa: F811 - ctx and shelter_cache are fixtures imported from the cache's own tests
"""The work queue's body is cached per viewer, filters and data version (ADR 0029).

After every write service the next queue is the one built from scratch (tests/core/test_shelter_cache.py
asks for /oppgaver/ after each); here: a viewer never gets a queue built for another viewer or a
role with other capabilities, and the task buttons carry the reader's own CSRF token.
"""

import re

from django.test import Client
from django.urls import reverse

from tests.audit.writes import case, ctx, departed  # noqa: F401 - fixtures
from tests.conftest import verified_login
from tests.core.test_shelter_cache import shelter_cache  # noqa: F401 - the cache as in production

QUEUE = reverse("worklist:queue")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def _queue_pages(cache) -> list[str]:
    return [key for key in cache._cache if ":work-queue-page:" in key]


def test_a_role_without_case_access_never_gets_the_queue_of_one_with_it(ctx, berit, shelter_cache):
    """Kari (contact person) sees every resident's task with its "Utført" button; Berit (the
    children's contact person) asks next, and gets only the children she follows."""
    kari, berit_client = verified_login(Client(), ctx.kari), verified_login(Client(), berit)
    kari_page = kari.get(QUEUE).content.decode()
    assert "Ring boligkontoret" in kari_page
    assert reverse("worklist:task-done", args=[ctx.task.pk]) in kari_page

    berit_page = berit_client.get(QUEUE).content.decode()

    assert "Ring boligkontoret" not in berit_page
    assert reverse("worklist:task-done", args=[ctx.task.pk]) not in berit_page
    assert len(_queue_pages(shelter_cache)) == 2


def test_mine_is_the_readers_own(ctx, shelter_cache):
    """The "mine" filter with the same query is another list for Ola than for Kari (the task is Kari's)."""
    kari, ola = verified_login(Client(), ctx.kari), verified_login(Client(), ctx.ola)
    assert "Ring boligkontoret" in kari.get(QUEUE, {"mine": "on"}).content.decode()
    assert "Ring boligkontoret" not in ola.get(QUEUE, {"mine": "on"}).content.decode()


def test_the_task_buttons_carry_the_readers_own_csrf_token(ctx, shelter_cache):
    kari = verified_login(Client(enforce_csrf_checks=True), ctx.kari)
    ola = verified_login(Client(enforce_csrf_checks=True), ctx.ola)
    kari.get(QUEUE)
    page = ola.get(QUEUE).content.decode()
    assert len(_queue_pages(shelter_cache)) == 2  # one body per viewer

    done = reverse("worklist:task-done", args=[ctx.task.pk])
    form = page[page.index(f'action="{done}"') :]
    token = TOKEN.search(form).group(1)
    response = ola.post(done, {"version": ctx.task.version, "next": QUEUE, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_task_marked_done_leaves_the_next_queue(ctx, client_for, shelter_cache):
    client = client_for(ctx.kari)
    done = reverse("worklist:task-done", args=[ctx.task.pk])
    assert done in client.get(QUEUE).content.decode()
    client.post(done, {"version": ctx.task.version, "next": QUEUE})
    assert done not in client.get(QUEUE).content.decode()
