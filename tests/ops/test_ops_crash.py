"""Crash safety: a process killed with SIGKILL in the middle of multi-row writes leaves
nothing half-written.

A separate worker process calls the real services in a loop (register a resident: resident,
stay and two audit rows; add a child: child, move and audit row; two journal notes; departure:
the stay, the child's move out and audit rows), each in its own transaction, as requests do. The
test kills it with SIGKILL KILLS times, each time while a service call is under way (a flag in
shared memory says so), then checks that every object has its audit row and every audit row its
object, that the audit chain verifies, and on SQLite that `PRAGMA integrity_check` is "ok".

To keep this fast, a "zygote" process loads Django once and forks a fresh writer for each round;
the test kills the writer, the zygote reaps it. Runs on SQLite (a file copied from the test
database with the backup API) and on PostgreSQL (a scratch database); bounded in time.
"""

import json
import mmap
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("BOLIGPLAN_CRASH_KILLS", "20"))
DEADLINE_SECONDS = 90  # the whole drill; it normally takes a few seconds
STEP_TIMEOUT = 20


# --- The worker side: runs as `python -m tests.ops.test_ops_crash FLAG_FILE DATABASE_NAME` ---------


def _write_forever(flag: mmap.mmap) -> None:
    """The forked writer: calls multi-row services until it is killed."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connections

    from boligplan.children import services as children_services
    from boligplan.core.models import Shelter
    from boligplan.residents import services as resident_services

    connections.close_all()  # never share the zygote's connection (it has none, but be sure)
    user = get_user_model().objects.get(username="krasj")
    shelter = Shelter.objects.get(name="Krasjtest krisesenter")
    arrival = datetime.date.today() - datetime.timedelta(days=30)

    def call(service, **kwargs):
        flag[0] = 1
        result = service(actor=user, **kwargs)
        flag[0] = 0
        return result

    round_number = 0
    while True:
        stay = call(
            resident_services.resident_register,
            shelter=shelter,
            display_name=f"K.{round_number}",
            birth_year=1985,
            arrival_date=arrival,
            contact_person=user,
        )
        call(children_services.child_add, stay=stay, first_name="Barn", birth_year=2018)
        for _ in range(2):
            call(resident_services.journal_note_add, stay=stay, text="Et notat skrevet under krasjtesten")
        call(
            resident_services.stay_depart,
            stay=stay,
            departure_date=arrival + datetime.timedelta(days=20),
            destination="ny_kommunal",
            permanence="varig",
        )
        if round_number == 0:
            print("writing", flush=True)
        round_number += 1


def _report() -> dict:
    """Everything the test checks, computed with a fresh connection after the last kill."""
    import io

    from django.core.management import CommandError, call_command
    from django.db import connection as db

    from boligplan.audit.models import AuditEvent
    from boligplan.children.models import Child, ChildMove
    from boligplan.residents.models import JournalNote, Resident, Stay

    report: dict = {}
    if db.vendor == "sqlite":
        with db.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            report["integrity_check"] = [row[0] for row in cursor.fetchall()]
            cursor.execute("PRAGMA foreign_key_check")
            report["foreign_key_violations"] = len(cursor.fetchall())

    def audited(action: str) -> set:
        return set(AuditEvent.objects.filter(action=action).values_list("object_id", flat=True))

    residents = set(Resident.objects.values_list("pk", flat=True))
    stays = {
        pk: (resident, departed)
        for pk, resident, departed in Stay.objects.values_list("pk", "resident_id", "departure_date")
    }
    notes = set(JournalNote.objects.values_list("pk", flat=True))
    children = set(Child.objects.values_list("pk", flat=True))
    moves = set(ChildMove.objects.values_list("pk", flat=True))
    departed = {pk for pk, (_, departure) in stays.items() if departure is not None}
    children_moved_out = set(ChildMove.objects.filter(kind="fra_krisesenter").values_list("child_id", flat=True))
    children_of_departed = set(Child.objects.filter(stay_id__in=departed).values_list("pk", flat=True))

    report["counts"] = {
        "residents": len(residents),
        "stays": len(stays),
        "notes": len(notes),
        "children": len(children),
        "moves": len(moves),
        "departed": len(departed),
        "audit_rows": AuditEvent.objects.count(),
    }
    report["problems"] = {
        "resident without stay": len(residents - {resident for resident, _ in stays.values()}),
        "resident without audit row": len(residents - audited("resident.registered")),
        "stay without audit row": len(set(stays) - audited("stay.opened")),
        "note without audit row": len(notes - audited("note.added")),
        "child without audit row": len(children - audited("child.added")),
        "child without its move in": len(children - set(ChildMove.objects.values_list("child_id", flat=True))),
        "departure without audit row": len(departed - audited("stay.departed")),
        "departed child without move out": len(children_of_departed - children_moved_out),
        "audit row without resident": len(audited("resident.registered") - residents),
        "audit row without stay": len(audited("stay.opened") - set(stays)),
        "audit row without note": len(audited("note.added") - notes),
        "audit row without child": len(audited("child.added") - children),
        "departure audit row on an open stay": len(audited("stay.departed") - departed),
    }
    try:
        call_command("verify_audit_chain", stdout=io.StringIO())
        report["audit_chain"] = "ok"
    except CommandError as exc:
        report["audit_chain"] = str(exc)
    return report


def _zygote(flag_path: str, database: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = database  # before any connection exists
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections

    from boligplan.core.models import Membership, Shelter

    shelter = Shelter.objects.create(name="Krasjtest krisesenter")
    user = get_user_model().objects.create_user(username="krasj", password=None)
    Membership.objects.create(user=user, shelter=shelter, role="ansatt")
    connections.close_all()  # forked writers must each open their own

    with open(flag_path, "r+b") as handle:
        flag = mmap.mmap(handle.fileno(), 1)
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "fork":
            pid = os.fork()
            if pid == 0:
                try:
                    _write_forever(flag)
                except BaseException:  # noqa: BLE001 - a writer that fails on its own is reported
                    import traceback

                    traceback.print_exc()
                    sys.stderr.flush()
                finally:
                    os._exit(70)
            print(f"child {pid}", flush=True)
            _, status = os.waitpid(pid, 0)
            killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            print(f"exit {pid} {'SIGKILL' if killed else status}", flush=True)
        elif command == "check":
            print("report " + json.dumps(_report()), flush=True)
            connections.close_all()
        elif command == "quit":
            return


# --- The test side ------------------------------------------------------------------------------


class _Zygote:
    def __init__(self, args: list[str], env: dict, stderr_path: Path):
        self.stderr_path = stderr_path
        self._stderr = open(stderr_path, "wb")  # closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "tests.ops.test_ops_crash", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put("<eof>")

    def send(self, command: str) -> None:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def expect(self, deadline: float) -> str:
        try:
            line = self.lines.get(timeout=max(0.1, min(STEP_TIMEOUT, deadline - time.monotonic())))
        except queue.Empty:
            line = "<timeout>"
        if line in ("<eof>", "<timeout>") or line.startswith("exit") and "SIGKILL" not in line:
            pytest.fail(f"crash drill: {line}\n" + self.stderr_path.read_text(errors="replace")[-4000:])
        return line

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.send("quit")
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        self._stderr.close()


@pytest.fixture
def crash_database(transactional_db, tmp_path, monkeypatch):
    """An empty, migrated database of its own: a copy of the test database's schema."""
    if connection.vendor == "sqlite":
        from boligplan.ops.backup import sqlite_copy

        path = tmp_path / "crash.sqlite3"
        sqlite_copy(Path(connection.settings_dict["NAME"]), path, journal_mode="WAL")
        yield str(path)
        return
    from boligplan.ops.backup import backup_database, drop_database, restore_database

    name = f"scratch_crash_{uuid.uuid4().hex[:12]}"
    schema = tmp_path / "schema.pgdump"
    monkeypatch.delenv("BACKUP_ENCRYPTION_KEY", raising=False)
    backup_database(output=schema)
    restore_database(source=schema, target=name, create=True)
    try:
        yield name
    finally:
        drop_database(name)


def test_sigkill_in_the_middle_of_writes_leaves_nothing_half_written(crash_database, tmp_path, capsys):
    seed = int(os.environ.get("BOLIGPLAN_CRASH_SEED", str(random.SystemRandom().randrange(1 << 30))))
    rng = random.Random(seed)
    flag_path = tmp_path / "in-service.flag"
    flag_path.write_bytes(b"\0")
    with open(flag_path, "r+b") as handle:
        flag = mmap.mmap(handle.fileno(), 1)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONUNBUFFERED": "1"}
    started = time.monotonic()
    deadline = started + DEADLINE_SECONDS
    zygote = _Zygote([str(flag_path), crash_database], env, tmp_path / "zygote.stderr")
    kills = kills_inside_a_service = 0
    try:
        assert zygote.expect(deadline) == "ready"
        for _ in range(KILLS):
            assert time.monotonic() < deadline, "the crash drill ran out of time"
            zygote.send("fork")
            pid, writing = None, False
            while pid is None or not writing:
                line = zygote.expect(deadline)
                if line.startswith("child "):
                    pid = int(line.split()[1])
                elif line == "writing":
                    writing = True
            time.sleep(rng.uniform(0.0, 0.15))
            # Strike while a service call is under way (the writer spends most of its time in one).
            spin_until = time.monotonic() + 1.0
            while flag[0] != 1 and time.monotonic() < spin_until:
                pass
            inside = flag[0] == 1
            os.kill(pid, signal.SIGKILL)
            assert zygote.expect(deadline) == f"exit {pid} SIGKILL"
            kills += 1
            kills_inside_a_service += inside
            flag[0] = 0
        zygote.send("check")
        line = zygote.expect(deadline)
        assert line.startswith("report "), line
        report = json.loads(line.removeprefix("report "))
    finally:
        zygote.stop()
        flag.close()

    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\ncrash drill ({connection.vendor}, seed {seed}): {kills} SIGKILLs, {kills_inside_a_service} inside a "
            f"service call, {elapsed:.1f} s; rows left: {report['counts']}"
        )
    assert kills == KILLS
    assert kills_inside_a_service >= KILLS // 2, "the kills mostly missed the writes; the drill proved little"
    assert report["counts"]["residents"] > 0 and report["counts"]["notes"] > 0
    if connection.vendor == "sqlite":
        assert report["integrity_check"] == ["ok"]
        assert report["foreign_key_violations"] == 0
    assert {name: count for name, count in report["problems"].items() if count} == {}
    assert report["audit_chain"] == "ok"


if __name__ == "__main__":
    _zygote(sys.argv[1], sys.argv[2])
