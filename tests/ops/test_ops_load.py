"""SQLite under load: 20 writer and 20 reader threads for a bounded time, through the
real services and selectors, each thread with its own Django connection to the file database
(WAL, BEGIN IMMEDIATE, busy timeout: config/settings/base.py).

Writers add journal notes (the note and its audit row in one transaction). Readers do what the
overview page does: the overview query, then its "overview.viewed" audit row, which is a write
too. The only assertion is on errors reaching the callers ("database is locked" above all): 0.
Throughput and waits are printed, never asserted (quality.md: no timing in tests).

What this guards: the connection settings. With SQLite's default DEFERRED transactions the same
run gives hundreds of "database is locked" errors (a reader that turns writer cannot wait for the
lock); with BEGIN IMMEDIATE every writer queues on the busy timeout instead. Longer runs
(BOLIGPLAN_LOAD_SECONDS=40) have shown a few waits beyond the 20 s busy timeout: SQLite's busy
handler polls with sleeps and is not fair, see docs/operations.md ("SQLite under load").
"""

import io
import os
import random
import statistics
import threading
import time
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import OperationalError, connection, connections

from boligplan.audit.models import AuditEvent
from boligplan.audit.services import audit_record
from boligplan.core.models import Shelter
from boligplan.reports.selectors import overview_rows
from boligplan.residents import services as resident_services
from boligplan.residents.models import JournalNote, Stay

WRITERS = READERS = 20
SECONDS = float(os.environ.get("BOLIGPLAN_LOAD_SECONDS", "5"))

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single writer under load")


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.done = Counter()
        self.errors = Counter()
        self.seconds: dict[str, list[float]] = {"write": [], "read": []}

    def add(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            if error is None:
                self.done[kind] += 1
                self.seconds[kind].append(seconds)
            else:
                self.errors[error] += 1


def _classify(exc: BaseException) -> str:
    text = str(exc).lower()
    if isinstance(exc, OperationalError) and ("locked" in text or "busy" in text):
        return "database is locked"
    return f"{type(exc).__module__}.{type(exc).__name__}: {str(exc)[:80]}"


def _worker(kind: str, user_id: int, stay_ids: list, shelter_id, today, start: threading.Barrier, tally: Tally):
    rng = random.Random()
    try:
        # Everything through this thread's own connection, as a server thread would.
        user = get_user_model().objects.get(pk=user_id)
        stays = list(Stay.objects.filter(pk__in=stay_ids))
        shelter = Shelter.objects.get(pk=shelter_id)
        start.wait()
        stop_at = time.monotonic() + SECONDS
        while time.monotonic() < stop_at:
            began = time.perf_counter()
            try:
                if kind == "write":
                    resident_services.journal_note_add(actor=user, stay=rng.choice(stays), text="Notat under last")
                else:
                    rows = overview_rows(user, today=today)
                    assert rows, "the overview came back empty"
                    audit_record(actor=user, action="overview.viewed", obj=shelter, shelter_id=shelter.pk)
            except Exception as exc:  # noqa: BLE001 - every error that would reach a user is counted
                tally.add(kind, 0.0, _classify(exc))
            else:
                tally.add(kind, time.perf_counter() - began)
    finally:
        connections.close_all()


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(fraction * len(values)))]


def test_sqlite_with_20_writers_and_20_readers_has_no_locked_errors(
    transactional_db, shelter, kari, make_stay, today, capsys
):
    stay_ids = [make_stay(display_name=f"L.{number}").pk for number in range(25)]
    notes_before, audit_before = JournalNote.objects.count(), AuditEvent.objects.count()
    tally = Tally()
    start = threading.Barrier(WRITERS + READERS)
    threads = [
        threading.Thread(target=_worker, args=(kind, kari.pk, stay_ids, shelter.pk, today, start, tally))
        for kind in ["write"] * WRITERS + ["read"] * READERS
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 120)
    assert not any(thread.is_alive() for thread in threads), "a load thread hung"

    writes, reads = tally.done["write"], tally.done["read"]
    with capsys.disabled():
        print(
            f"\nSQLite load, {WRITERS} writers + {READERS} readers for {SECONDS:g} s: "
            f"{writes} notes ({writes / SECONDS:.0f}/s), {reads} overviews ({reads / SECONDS:.0f}/s); "
            f"write p50 {1000 * statistics.median(tally.seconds['write'] or [0]):.0f} ms, "
            f"p99 {1000 * _percentile(tally.seconds['write'], 0.99):.0f} ms; "
            f"read p50 {1000 * statistics.median(tally.seconds['read'] or [0]):.0f} ms, "
            f"p99 {1000 * _percentile(tally.seconds['read'], 0.99):.0f} ms; "
            f"'database is locked': {tally.errors['database is locked']}, other errors: "
            f"{sum(tally.errors.values()) - tally.errors['database is locked']}"
        )
    assert tally.errors["database is locked"] == 0
    assert dict(tally.errors) == {}
    assert writes > 0 and reads > 0
    # Every successful call left exactly its rows, and the audit chain held under contention.
    assert JournalNote.objects.count() - notes_before == writes
    assert AuditEvent.objects.count() - audit_before == writes + reads
    call_command("verify_audit_chain", stdout=io.StringIO())
