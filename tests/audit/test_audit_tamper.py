"""Tampering with the audit log, as the attacks that were tried from outside did it (ADR 0013).

PostgreSQL: the application's own role (made by `create_app_role`) can add audit rows and
nothing else: DELETE, UPDATE and TRUNCATE fail on privileges, with or without the purge
setting, and a role that was wrongly granted DELETE is still stopped by the trigger. Rows it
inserts with a recomputed plain hash fail the keyed verification.

SQLite: a purge permit inserted by hand (without the key) does not let a row go, and a connection
without the application's permit check cannot delete at all. What is cut off the tail around the
guard is found against the head kept outside the database: test_audit_head.py.
"""

import hashlib
import json
import sqlite3
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from boligplan.audit.chain import CHAIN_COLUMNS, chain_key
from boligplan.audit.guard import PURGE_SETTING, purge_permitted
from boligplan.audit.models import AuditEvent
from tests.audit.tamper import postgres_only, sqlite_only, verify, write_rows


def plain_hash(values: dict) -> str:
    """What an attacker without the key can compute: the unkeyed hash of the same text."""
    return hashlib.sha256(json.dumps([str(v) for v in values.values()]).encode()).hexdigest()


# --- PostgreSQL: as the application's own role. ----------------------------------------------------


@pytest.fixture
def app_conn(transactional_db):
    import psycopg

    name = f"boligplan_app_{uuid.uuid4().hex[:8]}"
    call_command("create_app_role", name, stdout=StringIO())
    settings = connection.settings_dict
    conn = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=name,
        autocommit=True,
    )
    conn.role_name = name
    yield conn
    conn.close()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {name}")  # nosemgrep: sql-from-fstring - generated name
        cursor.execute(f"DROP ROLE {name}")  # nosemgrep: sql-from-fstring


def as_app(conn, *statements):
    with conn.transaction(), conn.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


@postgres_only
@pytest.mark.parametrize(
    "statements",
    [
        pytest.param([("DELETE FROM audit_auditevent", None)], id="delete"),
        pytest.param([("UPDATE audit_auditevent SET action = 'stay.departed'", None)], id="update"),
        pytest.param([("TRUNCATE audit_auditevent", None)], id="truncate"),
        pytest.param(
            [(f"SELECT set_config('{PURGE_SETTING}', 'on', true)", None), ("DELETE FROM audit_auditevent", None)],
            id="purge-setting-then-delete",
        ),
        pytest.param(
            [(f"SET {PURGE_SETTING} = 'on'", None), ("TRUNCATE audit_auditevent", None)],
            id="session-setting-then-truncate",
        ),
        pytest.param(
            [("INSERT INTO audit_auditanchor (seq, row_hash, made_at, seal) VALUES (99, 'x', now(), 'x')", None)],
            id="forge-anchor",
        ),
    ],
)
def test_the_app_role_cannot_remove_or_change_audit_rows(app_conn, shelter, kari, statements):
    import psycopg

    rows = write_rows(shelter, kari)

    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app(app_conn, *statements)

    assert AuditEvent.objects.count() == len(rows)
    assert "Audit chain intact: 5 row(s)" in verify()


@postgres_only
def test_the_app_role_can_still_write_audit_rows(app_conn, shelter, kari):
    """What the role is for: the grants take nothing away that the application needs."""
    write_rows(shelter, kari, count=2)
    with app_conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent")
        assert cursor.fetchone()[0] == 2
        cursor.execute("SELECT has_table_privilege(current_user, 'audit_auditevent', 'INSERT')")
        assert cursor.fetchone()[0] is True


@postgres_only
def test_a_role_wrongly_granted_delete_is_still_stopped_by_the_trigger(app_conn, shelter, kari):
    """The purge setting is no bypass: the trigger wants the table's owner as well."""
    import psycopg

    write_rows(shelter, kari)
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT DELETE, TRUNCATE ON audit_auditevent TO {app_conn.role_name}")  # nosemgrep

    for statement in ("DELETE FROM audit_auditevent", "TRUNCATE audit_auditevent"):
        with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
            as_app(app_conn, (f"SELECT set_config('{PURGE_SETTING}', 'on', true)", None), (statement, None))
    assert AuditEvent.objects.count() == 5
    # And the check names the grant that should not be there.
    with pytest.raises(CommandError, match=rf"{app_conn.role_name} may DELETE on audit_auditevent"):
        verify()


@postgres_only
def test_rows_inserted_by_the_app_role_with_recomputed_plain_hashes_are_caught(app_conn, shelter, kari):
    rows = write_rows(shelter, kari, count=3)
    last = rows[-1]
    forged = {
        "seq": last.seq + 1,
        "at": timezone.now(),
        "actor_id": None,
        "shelter_id": shelter.pk,
        "action": "stay.viewed",
        "object_type": "shelter",
        "object_id": shelter.pk,
        "stay_id": None,
        "fields": "",
        "reason": "",
        "prev_hash": last.row_hash,
    }
    columns = ", ".join([*forged, "row_hash"])
    as_app(
        app_conn,
        (
            f"INSERT INTO audit_auditevent ({columns}) VALUES ({', '.join(['%s'] * (len(forged) + 1))})",  # noqa: S608
            [*forged.values(), plain_hash(forged)],
        ),
    )
    inserted = AuditEvent.objects.get(seq=last.seq + 1)

    with pytest.raises(CommandError, match=rf"row id={inserted.pk}: its content does not match its seal"):
        verify()


@postgres_only
def test_the_owner_deleting_and_reinserting_with_plain_hashes_is_caught(db, shelter, kari, head_file):
    """The owner (or a superuser) can pass the trigger: the key and the head still catch it."""
    rows = write_rows(shelter, kari)
    verify()  # records the head
    with purge_permitted():
        AuditEvent.objects.filter(seq__gte=rows[3].seq).delete()
    prev = rows[2].row_hash
    for seq in (rows[3].seq, rows[4].seq):
        values = {c: getattr(rows[seq - 1], c) for c in CHAIN_COLUMNS[1:-1]} | {"prev_hash": prev}
        values["action"] = "overview.viewed"
        prev = plain_hash(values)
        AuditEvent.objects.create(**values, row_hash=prev)

    with pytest.raises(CommandError, match="its content does not match its seal"):
        verify()


@postgres_only
def test_the_owner_cutting_the_tail_is_caught_by_the_head(db, shelter, kari, head_file):
    rows = write_rows(shelter, kari)
    verify()
    with purge_permitted():
        AuditEvent.objects.filter(seq__gte=rows[3].seq).delete()

    with pytest.raises(CommandError, match=f"ends at seq {rows[2].seq}, but seq {rows[4].seq} was recorded"):
        verify()


# --- SQLite: the purge permit. ----------------------------------------------------------------------


@sqlite_only
@pytest.mark.parametrize("seal", ["", "0" * 64, "forged"])
def test_a_purge_permit_inserted_without_the_key_lets_nothing_go(db, shelter, kari, seal):
    rows = write_rows(shelter, kari)

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit_purge_permit (up_to_seq, seal) VALUES (%s, %s)", [10**9, seal])
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= %s", [rows[3].seq])

    assert AuditEvent.objects.count() == 5


@sqlite_only
def test_a_permit_only_covers_the_rows_it_names(db, shelter, kari):
    rows = write_rows(shelter, kari)

    with pytest.raises(IntegrityError, match="append-only"), purge_permitted(up_to_seq=rows[1].seq):
        AuditEvent.objects.filter(seq__gte=rows[3].seq).delete()

    assert AuditEvent.objects.count() == 5


@sqlite_only
def test_a_connection_without_the_permit_check_cannot_delete(transactional_db, shelter, kari):
    """The sqlite3 shell, or any program opening the file: even a correctly sealed permit is no use."""
    rows = write_rows(shelter, kari)
    seal = __import__("boligplan.audit.chain", fromlist=["permit_seal"]).permit_seal(key=chain_key(), up_to_seq=10**9)
    raw = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    try:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO audit_purge_permit (up_to_seq, seal) VALUES (?, ?)", (10**9, seal))
        with pytest.raises(sqlite3.OperationalError):
            raw.execute("DELETE FROM audit_auditevent WHERE seq >= ?", (rows[3].seq,))
        raw.execute("ROLLBACK")
    finally:
        raw.close()
    assert AuditEvent.objects.count() == 5
