"""Serving on PostgreSQL as docs/operations.md says, with its two roles, through `make` itself.

A scratch database owned by a scratch owner role (BYPASSRLS, not a superuser) is migrated with
`make migrate` (DATABASE_OWNER_URL), the application's role is made with `create_app_role`, and
`make serve` runs as that role (DATABASE_URL): check --deploy, collectstatic, check_serving,
then gunicorn. Over real HTTP: the health check, the login page, a login with password and code,
and the overview under row-level security. Then the database kills the app's connections while
staff are working: no request that started after a kill may fail (CONN_HEALTH_CHECKS). Mix-ups
of the two roles are refused with a message (migrate or back up as the app, serve as the owner),
and `make backup` works with the owner's URL.

Runs when DATABASE_URL points at PostgreSQL as a role that may create roles and databases (the
test setup); everything it creates is dropped at the end. Loopback only.
"""

import dataclasses
import http.client
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

from boligplan.ops.loadtest import RequestFailed, Session
from tests.ops_make import Served, environment, get, make, make_serve, manage, run

ADMIN_URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not ADMIN_URL.startswith(("postgres://", "postgresql://")), reason="PostgreSQL only (DATABASE_URL)"
)

PASSWORD = "Drift-" + secrets.token_urlsafe(12)
# One for the first test, the rest for the load: a TOTP code is accepted once, so a user who just
# logged in could not log in again within the same 30 s.
STAFF_USERS = 7
# Shares the machine with other runs: at least this many requests between kills, however slow.
REQUESTS_BETWEEN_KILLS = 24
KILLS = 3


def _url_for(role: str, database: str) -> str:
    parts = urlsplit(ADMIN_URL)
    host = parts.hostname or "127.0.0.1"
    netloc = f"{role}@{host}:{parts.port or 5432}"
    return urlunsplit((parts.scheme, netloc, "/" + database, "", ""))


def _admin():
    import psycopg

    return psycopg.connect(ADMIN_URL, autocommit=True)


_ADD_STAFF = """
import sys
import django
django.setup()
from django.contrib.auth import get_user_model
from boligplan.accounts.models import TOTPDevice
from boligplan.core.models import Membership, Shelter
password, *pairs = sys.argv[1:]
shelter = Shelter.objects.create(name="Driftstest krisesenter")
for pair in pairs:
    username, key = pair.split(":")
    user = get_user_model().objects.create_user(username=username, password=password, full_name="Drift")
    Membership.objects.create(user=user, shelter=shelter, role="leder")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True, key=key)
"""


@pytest.fixture(scope="module")
def database():
    """A scratch database owned by a non-superuser owner with BYPASSRLS, migrated by `make migrate`."""
    suffix = f"{os.getpid()}_{secrets.token_hex(3)}"
    names = {"owner": f"ops_owner_{suffix}", "app": f"ops_app_{suffix}", "database": f"ops_serve_{suffix}"}
    with _admin() as admin:
        admin.execute(f'CREATE ROLE "{names["owner"]}" LOGIN NOSUPERUSER BYPASSRLS CREATEROLE')
        admin.execute(f'CREATE DATABASE "{names["database"]}" OWNER "{names["owner"]}"')
    owner_url = _url_for(names["owner"], names["database"])
    app_url = _url_for(names["app"], names["database"])
    env = environment(DATABASE_OWNER_URL=owner_url, DATABASE_URL=app_url)
    try:
        migrated = run(make("migrate"), env)
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        role = manage("create_app_role", names["app"], env={**env, "DATABASE_URL": owner_url})
        assert role.returncode == 0, role.stdout + role.stderr
        staff = [(f"drift-{number}", secrets.token_hex(20)) for number in range(STAFF_USERS)]
        added = run(
            [sys.executable, "-c", _ADD_STAFF, PASSWORD, *(f"{user}:{key}" for user, key in staff)],
            {**env, "DATABASE_URL": owner_url, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
        )
        assert added.returncode == 0, added.stdout + added.stderr
        yield {**names, "owner_url": owner_url, "app_url": app_url, "env": env, "staff": staff}
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{names["database"]}" WITH (FORCE)')
            admin.execute(f'DROP ROLE IF EXISTS "{names["app"]}"')
            admin.execute(f'DROP ROLE IF EXISTS "{names["owner"]}"')


@pytest.fixture(scope="module")
def served(database, tmp_path_factory):
    """`make serve` as the application's role, on a free loopback port; stopped at the end."""
    with make_serve(database["env"], tmp_path_factory.mktemp("serve") / "serve.log") as server:
        yield server


def _session(served: Served, username: str, key: str) -> Session:
    return Session(
        port=served.port,
        username=username,
        password=PASSWORD,
        totp_key=key,
        statistics_path="/statistikk/",
        rng=random.Random(username),  # noqa: S311 - picks pages, nothing secret
    )


def test_make_serve_runs_as_the_app_role_under_row_level_security(database, served):
    text = served.text()
    # The steps of `make serve`, in order, as the application's role; no migrate among them.
    assert f"Ready to serve as '{database['app']}'" in text
    assert "manage.py migrate" not in text
    with _admin() as admin:
        rows = admin.execute(
            "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
            [database["database"]],
        ).fetchall()
    assert rows == [(database["app"],)], rows  # the server holds connections as the app role only

    status, body = get(served.port, "/helse/")
    assert (status, body) == (200, '{"status": "ok"}')
    status, body = get(served.port, "/logg-inn/")
    assert status == 200 and 'name="password"' in body

    username, key = database["staff"][0]
    session = _session(served, username, key)
    try:
        session.log_in()  # password, code, then the overview: 200 through TenantMiddleware and RLS
        status, _, text = session.request("GET", "/")
    finally:
        session.close()
    assert status == 200 and "Drift" in text


def _terminate(admin, role: str, database: str) -> int:
    """Kill every connection of the role at once, and return when all of them have exited.

    One signal each, no waiting in between (pg_terminate_backend with a timeout waits in steps
    of 100 ms per backend), so the moment of the kill is as short as the backends' exit.
    """
    (pids,) = admin.execute(
        # MATERIALIZED: the victims are chosen before any signal is sent, never another backend.
        "WITH victims AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE usename = %s AND datname = %s) "
        "SELECT coalesce(array_agg(pid), '{}') FROM victims WHERE pg_terminate_backend(pid)",
        [role, database],
    ).fetchone()
    deadline = time.monotonic() + 60
    while admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [pids]).fetchone()[0]:
        assert time.monotonic() < deadline, "terminated backends did not exit"
        time.sleep(0.002)
    return len(pids)


@dataclasses.dataclass
class Sample:
    started: float
    ended: float
    failure: str  # empty when the page answered 200


def test_killed_database_connections_fail_no_request_that_starts_afterwards(database, served):
    """pg_terminate_backend on every connection of the app while staff work, four times.

    Without health checks each kept connection fails the next request it serves (a 500 for a
    page, a 503 for /helse/, a 400 when the session cannot be saved). With them, a kept
    connection is tested when a request first uses it and replaced when dead. Only a request
    already using its connection when the kill lands can still fail: its transaction is gone.
    So every failure must overlap a kill, at most one per killed connection, and no request that
    started after a kill had completed may fail. Three kills hit the load as it runs; for the
    fourth the staff pause until no request is in flight, so none at all may fail (and without
    health checks the first requests afterwards always do: every kept connection is dead).
    """
    sessions = [_session(served, username, key) for username, key in database["staff"][1:]]
    for session in sessions:  # one by one: each login runs Argon2 (about 100 MiB)
        session.log_in()
    samples: list[Sample] = []
    state = threading.Condition()
    busy = 0
    paused = False
    stop = threading.Event()

    def work(session: Session) -> None:
        nonlocal busy
        pages = ("overview", "helse")
        number = 0
        while not stop.is_set():
            with state:
                while paused and not stop.is_set():
                    state.wait(timeout=1)
                busy += 1
            page = pages[number % 2]
            number += 1
            started = time.monotonic()
            failure = ""
            try:
                if page == "overview":
                    session.overview()
                else:
                    status, _, _ = session.request("GET", "/helse/")
                    if status != 200:
                        failure = f"helse: {status}"
            except RequestFailed as exc:
                failure = str(exc)
            except (OSError, http.client.HTTPException) as exc:
                failure = type(exc).__name__
                session.close()
            with state:
                samples.append(Sample(started, time.monotonic(), failure))
                busy -= 1
                state.notify_all()

    def wait_for_requests_since(moment: float) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with state:
                if sum(1 for sample in samples if sample.started > moment) >= REQUESTS_BETWEEN_KILLS:
                    return
            time.sleep(0.05)

    threads = [threading.Thread(target=work, args=(session,), daemon=True) for session in sessions]
    for thread in threads:
        thread.start()
    kills: list[tuple[float, float, int]] = []  # (issued, done, connections terminated)
    try:
        last = time.monotonic()
        with _admin() as admin:
            for round_ in range(KILLS + 1):
                wait_for_requests_since(last)
                quiet = round_ == KILLS
                if quiet:
                    with state:
                        paused = True
                        assert state.wait_for(lambda: busy == 0, timeout=120), "requests did not finish"
                issued = time.monotonic()
                terminated = _terminate(admin, database["app"], database["database"])
                last = time.monotonic()
                kills.append((issued, last, terminated))
                if quiet:
                    with state:
                        paused = False
                        state.notify_all()
            wait_for_requests_since(last)
    finally:
        stop.set()
        with state:
            paused = False
            state.notify_all()
        for thread in threads:
            thread.join(timeout=90)
        for session in sessions:
            session.close()

    def failed_at(issued: float, done: float) -> list[Sample]:
        return [sample for sample in failed if sample.started < done and sample.ended > issued]

    failed = [sample for sample in samples if sample.failure]
    after_a_kill = [
        sample
        for sample in failed
        if not any(sample.started < done and sample.ended > issued for issued, done, _ in kills)
    ]
    summary = (
        f"{len(samples)} requests; connections killed per round {[k[2] for k in kills]} "
        f"(in {[round((done - issued) * 1000) for issued, done, _ in kills]} ms; the last with no request in flight); "
        f"failed in flight per round {[len(failed_at(issued, done)) for issued, done, _ in kills]}; "
        f"failed after a kill {len(after_a_kill)}: {sorted({sample.failure for sample in failed})}"
    )
    print(summary)
    assert all(terminated >= 1 for _, _, terminated in kills), summary  # the kills hit the app
    for _, done, _ in kills:  # and the staff kept working on fresh connections afterwards
        assert sum(1 for sample in samples if sample.started > done) >= REQUESTS_BETWEEN_KILLS, summary
    assert after_a_kill == [], summary
    for issued, done, terminated in kills:  # at most the one request each dead connection was serving
        assert len(failed_at(issued, done)) <= terminated, summary
    assert failed_at(*kills[-1][:2]) == [], summary  # nothing was in flight at the quiet kill


def test_role_mix_ups_are_refused_with_a_message(database):
    env = database["env"]
    # migrate as the application's role (no owner URL given): refused before any migration runs.
    result = run(make("migrate"), {**env, "DATABASE_OWNER_URL": ""})
    assert result.returncode != 0
    assert "BYPASSRLS" in result.stderr and database["app"] in result.stderr, result.stderr
    # serving as the owner would leave row-level security off: check_serving says so.
    result = manage("check_serving", env={**env, "DATABASE_URL": database["owner_url"]})
    assert result.returncode != 0
    assert "BYPASSRLS" in result.stderr and "owns" in result.stderr, result.stderr
    # pg_dump as the application's role cannot read every shelter's rows.
    result = manage("backup_database", "--output", "/nonexistent/never-written", env=env)
    assert result.returncode != 0 and "backup must run as the tables' owner" in result.stderr, result.stderr


def test_make_backup_runs_as_the_owner(database, tmp_path):
    target = tmp_path / "boligplan.dump"
    result = run(make("backup", f"BACKUP={target}"), {**database["env"], "BACKUP_ENCRYPTION_KEY": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    assert target.read_bytes()[:5] == b"PGDMP"
    command = [shutil.which("pg_restore") or "pg_restore", "--list", str(target)]
    listing = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout  # noqa: S603
    # The dump has the data of a table under row-level security, not only its definition.
    assert re.search(r"TABLE DATA public residents_stay ", listing), listing[-2000:]
