"""Tampering with the audit log, as the attacks that were tried from outside did it (ADR 0013).

PostgreSQL: the application's own role (made by `create_app_role`) can add audit rows and
nothing else: DELETE, UPDATE and TRUNCATE fail on privileges, with or without the purge
setting, and a role that was wrongly granted DELETE is still stopped by the trigger. Rows it
inserts with a recomputed plain hash fail the keyed verification.

SQLite: a purge permit inserted by hand (without the key) does not let a row go, a connection
without the application's permit check cannot delete at all, and whatever is cut off the tail
around the guard is found against the head kept outside the database.
"""

import datetime
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

from boligplan.audit.chain import CHAIN_COLUMNS, GENESIS, anchor_seal, chain_key, row_seal
from boligplan.audit.guard import PURGE_SETTING, purge_permitted
from boligplan.audit.models import AuditAnchor, AuditEvent
from boligplan.audit.services import audit_record

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="roles and grants are PostgreSQL's")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite purge permit")


def verify() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out, stderr=StringIO())
    return out.getvalue()


def checkpoint(*args) -> str:
    out = StringIO()
    call_command("audit_checkpoint", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def head_file(settings, tmp_path):
    settings.AUDIT_HEAD_FILE = str(tmp_path / "audit-head.json")
    return tmp_path / "audit-head.json"


def write_rows(shelter, user, count=5):
    return [audit_record(actor=user, action="stay.viewed", obj=shelter, shelter_id=shelter.pk) for _ in range(count)]


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


@sqlite_only
def test_cutting_the_tail_with_a_permit_is_caught_by_the_head(db, shelter, kari, head_file):
    """Someone who got past the guard (with the key, or by dropping the trigger) cuts the newest rows."""
    rows = write_rows(shelter, kari)
    verify()  # records the head
    with purge_permitted():
        AuditEvent.objects.filter(seq__gte=rows[3].seq).delete()

    with pytest.raises(CommandError, match=f"ends at seq {rows[2].seq}, but seq {rows[4].seq} was recorded"):
        verify()
    with pytest.raises(CommandError, match="newest rows were cut off"):
        checkpoint()


# --- Both databases: the head outside the database. --------------------------------------------------


def test_verify_records_the_head_in_a_sealed_file_and_in_the_log(db, shelter, kari, head_file, caplog):
    rows = write_rows(shelter, kari)
    caplog.set_level("INFO", logger="boligplan.audit")

    verify()

    head = json.loads(head_file.read_text())
    assert (head["seq"], head["row_hash"]) == (rows[-1].seq, rows[-1].row_hash)
    assert head_file.stat().st_mode & 0o077 == 0
    assert f"seq {rows[-1].seq} row_hash {rows[-1].row_hash}" in caplog.text


def test_a_replaced_tail_is_caught_even_when_it_is_as_long(db, shelter, kari, head_file):
    rows = write_rows(shelter, kari)
    verify()
    with purge_permitted():
        AuditEvent.objects.filter(seq=rows[-1].seq).delete()
    audit_record(actor=kari, action="overview.viewed", obj=shelter, shelter_id=shelter.pk)  # a genuine new row

    with pytest.raises(CommandError, match=f"row at seq {rows[-1].seq} is not the one recorded as head"):
        verify()


def test_a_head_file_edited_to_hide_a_cut_is_refused(db, shelter, kari, head_file):
    rows = write_rows(shelter, kari)
    verify()
    head = json.loads(head_file.read_text())
    head_file.write_text(json.dumps(head | {"seq": rows[1].seq, "row_hash": rows[1].row_hash}))

    with pytest.raises(CommandError, match="does not carry a valid seal"):
        verify()


def test_checkpoint_checks_only_the_new_rows_and_moves_the_head(db, shelter, kari, head_file):
    write_rows(shelter, kari, count=3)
    assert "3 new row(s) checked" in checkpoint()
    newer = write_rows(shelter, kari, count=2)

    assert "2 new row(s) checked" in checkpoint()
    assert json.loads(head_file.read_text())["seq"] == newer[-1].seq
    assert "0 new row(s) checked" in checkpoint()


def test_checkpoint_refuses_a_new_row_with_a_forged_seal(db, shelter, kari, head_file):
    rows = write_rows(shelter, kari, count=2)
    checkpoint()
    values = {c: getattr(rows[-1], c) for c in CHAIN_COLUMNS[1:-1]} | {
        "seq": rows[-1].seq + 1,
        "prev_hash": rows[-1].row_hash,
    }
    forged = AuditEvent.objects.create(**values, row_hash=row_seal(key=b"not-the-key" * 4, **values))

    with pytest.raises(CommandError, match=rf"row id={forged.pk}: its content does not match its seal"):
        checkpoint()


def test_after_a_restore_the_operator_resets_the_head_knowingly(db, shelter, kari, head_file, caplog):
    rows = write_rows(shelter, kari)
    verify()
    with purge_permitted():  # what restoring an older backup amounts to
        AuditEvent.objects.filter(seq__gte=rows[3].seq).delete()
    with pytest.raises(CommandError):
        verify()
    caplog.set_level("INFO", logger="boligplan.audit")

    assert "Audit head recorded" in checkpoint("--reset")

    assert "head reset by an operator" in caplog.text
    assert "Audit chain intact: 3 row(s)" in verify()


def test_an_anchor_without_a_valid_seal_does_not_excuse_a_cut_prefix(db, shelter, kari):
    rows = write_rows(shelter, kari)
    with purge_permitted():
        AuditEvent.objects.filter(seq__lte=rows[1].seq).delete()
    AuditAnchor.objects.create(seq=rows[1].seq, row_hash=rows[1].row_hash, seal="0" * 64)

    with pytest.raises(CommandError, match="does not carry a valid seal"):
        verify()


def test_a_genuine_anchor_lets_the_rest_verify(db, shelter, kari):
    rows = write_rows(shelter, kari)
    with purge_permitted():
        AuditEvent.objects.filter(seq__lte=rows[1].seq).delete()
    seal = anchor_seal(key=chain_key(), seq=rows[1].seq, row_hash=rows[1].row_hash)
    AuditAnchor.objects.create(seq=rows[1].seq, row_hash=rows[1].row_hash, seal=seal)

    assert "Audit chain intact: 3 row(s)" in verify()


def test_the_first_row_of_an_empty_log_starts_from_genesis(db):
    row = audit_record(actor=None, action="overview.viewed")
    assert (row.seq, row.prev_hash) == (1, GENESIS)


def test_the_key_is_required(db, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.AUDIT_CHAIN_KEY = "short"
    with pytest.raises(ImproperlyConfigured, match="AUDIT_CHAIN_KEY"):
        audit_record(actor=None, action="overview.viewed")
    assert AuditEvent.objects.count() == 0


def test_a_different_key_fails_every_row(db, shelter, kari, settings):
    write_rows(shelter, kari, count=2)
    settings.AUDIT_CHAIN_KEY = "another-key-another-key-another-key-!!"

    with pytest.raises(CommandError, match="its content does not match its seal"):
        verify()


def test_the_audit_retention_purge_deletes_the_rows_older_than_the_setting(db, shelter, kari, settings):
    rows = write_rows(shelter, kari)
    settings.AUDIT_RETENTION_MONTHS = 1
    future = timezone.now() + datetime.timedelta(days=62)

    from boligplan.core.purge import purge_audit_log

    assert purge_audit_log(now=timezone.now()) == 0  # nothing is a month old yet
    assert purge_audit_log(now=future) == len(rows)
    assert AuditAnchor.objects.get().seq == rows[-1].seq
    # An empty run writes nothing; what is left is the purge's own row.
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["audit.purged"]
    assert "Audit chain intact: 1 row(s)" in verify()
    settings.AUDIT_RETENTION_MONTHS = None
    assert purge_audit_log(now=future) is None  # kept whole unless configured


@postgres_only
def test_the_retention_purge_runs_under_row_level_security_and_only_the_owner_purges_audit_rows(
    db, make_stay, kari, today, settings
):
    """As a role that row-level security binds (here the app role; a non-superuser owner alike),
    the personal-data purge sets each shelter in turn; the audit part is refused to that role."""
    from django.db import ProgrammingError

    from boligplan.core.purge import purge_audit_log, purge_due
    from boligplan.residents import services as residents

    old = make_stay(days_ago=3 * 365)
    residents.stay_depart(
        actor=kari,
        stay=old,
        departure_date=old.arrival_date + datetime.timedelta(days=40),
        destination="ny_kommunal",
        permanence="varig",
    )
    name = f"boligplan_app_{uuid.uuid4().hex[:8]}"  # created inside the test's transaction: rolled back
    call_command("create_app_role", name, stdout=StringIO())
    settings.AUDIT_RETENTION_MONTHS = 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {name}")  # nosemgrep: sql-from-fstring - generated name
        try:
            assert purge_due(today=today)["stays"] == 1
            with pytest.raises(ProgrammingError, match="permission denied"), transaction.atomic():
                purge_audit_log(now=timezone.now() + datetime.timedelta(days=62))
        finally:
            cursor.execute("RESET ROLE")
    assert AuditEvent.objects.filter(action="audit.purged").count() == 0
    # The owner may.
    assert purge_audit_log(now=timezone.now() + datetime.timedelta(days=62)) > 0


def test_production_settings_refuse_to_start_without_the_audit_key(monkeypatch):
    import importlib

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", "dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LXRlc3Q=")
    monkeypatch.delenv("AUDIT_CHAIN_KEY", raising=False)
    # Fresh copies of the settings modules, read with this environment (not Django's live settings).
    importlib.reload(importlib.import_module("config.settings.base"))
    with pytest.raises(RuntimeError, match="AUDIT_CHAIN_KEY"):
        importlib.reload(importlib.import_module("config.settings.production"))
