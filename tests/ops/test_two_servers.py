"""Two app servers on one PostgreSQL database: a write through one shows on the other's next page.

Each server keeps the shelters' cache in its own memory (ADR 0025), keyed on the shelter's data
version, which lives in the database. Two real server processes (runserver, the production
cache settings) serve the same test database; both show the overview (and so cache it), a task
is marked done through server A, and server B's very next overview shows the change, then the
same the other way round.

PostgreSQL only: a SQLite file is one shelter on one server (docs/operations.md, "Caches").
"""

import datetime
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from boligplan.housing import services as housing_services
from tests.conftest import verified_login

ROOT = Path(__file__).resolve().parents[2]
TASK = "Ring boligkontoret om visning"

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="two servers share a PostgreSQL database"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, database_name: str):
        self.port = _free_port()
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{database_name}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "BOLIGPLAN_TEST_SHELTER_CACHE": "on",  # the shelters' cache as in production
            "PYTHONUNBUFFERED": "1",
        }
        self.process = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/helse/", {})[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("the server did not start")

    def request(self, method: str, path: str, cookies: dict, body: str = "", headers=None) -> tuple[int, str, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            head = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), **(headers or {})}
            conn.request(method, path, body=body or None, headers=head)
            response = conn.getresponse()
            text = response.read().decode()
            set_cookies = {}
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                set_cookies[name] = rest.split(";", 1)[0]
            return response.status, text, set_cookies
        finally:
            conn.close()

    def get(self, path: str, cookies: dict) -> tuple[int, str]:
        status, text, set_cookies = self.request("GET", path, cookies)
        cookies.update(set_cookies)
        return status, text

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def servers(transactional_db):
    started = []
    try:
        for _ in range(2):
            started.append(Server(connection.settings_dict["NAME"]))
        yield started
    finally:
        for server in started:
            server.stop()


def _overview(server, cookies) -> str:
    """The overview's rows (not the message about the last action, which the session carries)."""
    status, text = server.get("/", cookies)
    assert status == 200, text[:500]
    return text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def _done_through(server, cookies, task) -> None:
    """Mark the task done through the server's own form handling (CSRF token and all)."""
    text = server.get("/", cookies)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
    body = f"csrfmiddlewaretoken={token}&done=1&version={task.version}"
    status, _text, set_cookies = server.request(
        "POST",
        reverse("worklist:task-done", args=[task.pk]),
        cookies,
        body,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    cookies.update(set_cookies)
    assert status == 302


def test_a_write_through_one_server_shows_on_the_others_next_page(servers, kari, stay, today):
    first = housing_services.task_create(
        actor=kari, stay=stay, title=TASK, responsible_party="krisesenter", assignee=None, due_date=today
    )
    second = housing_services.task_create(
        actor=kari,
        stay=stay,
        title="Søk om startlån",
        responsible_party="beboer",
        assignee=None,
        due_date=today + datetime.timedelta(days=5),
    )
    client = verified_login(Client(), kari)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    a, b = servers

    for server in (a, b):  # both servers now hold the overview in their caches
        assert TASK in _overview(server, cookies)
        assert TASK in _overview(server, cookies)

    _done_through(a, cookies, first)

    on_b = _overview(b, cookies)
    assert TASK not in on_b and "Søk om startlån" in on_b

    second.refresh_from_db()
    _done_through(b, cookies, second)

    on_a = _overview(a, cookies)
    assert "Søk om startlån" not in on_a and "Ingen åpne oppgaver" in on_a
