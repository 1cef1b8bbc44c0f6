"""Backup and restore: a backup restored into a fresh database gives back the same data.

"The same" is checked with a fingerprint of both databases (boligplan/ops/fingerprint.py): the
schema objects (tables, indexes, triggers, and on PostgreSQL row-level security, policies and
sequence positions), and per table the row count and a digest of every row. Runs on SQLite and,
when DATABASE_URL points at PostgreSQL, on PostgreSQL: the test database pytest-django made is
the source, a scratch database the target (dropped afterwards).
"""

import io
import sqlite3
import threading
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection, connections

from boligplan.ops import encryption
from boligplan.ops.backup import PGDUMP_MAGIC, SQLITE_MAGIC, drop_database
from boligplan.ops.fingerprint import database_fingerprint, database_named
from boligplan.residents import services as resident_services
from tests.helpers import build_case

# The tables that must hold rows, so that "equal" is not "both empty".
MAIN_TABLES = [
    "core_shelter",
    "core_membership",
    "accounts_user",
    "residents_resident",
    "residents_stay",
    "residents_journalnote",
    "housing_task",
    "housing_notification",
    "children_child",
    "children_childmove",
    "audit_auditevent",
]
CANARY = "Kanarifugl Restoresen"


@pytest.fixture
def case_data(transactional_db, shelter, kari, ola, frida, foreign_stay, make_stay, today):
    """Committed data in most tables, written through the services (so with audit rows)."""
    stays = [make_stay(display_name=name) for name in (CANARY, "B.C.", "D.E.")]
    build_case(stays[0], kari, today)
    build_case(stays[1], ola, today)
    for stay in stays:
        resident_services.journal_note_add(actor=kari, stay=stay, text=f"Notat om {CANARY}")
    return stays


@pytest.fixture
def target(tmp_path):
    """A name for a database that does not exist yet: a file path (SQLite) or a database name."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"scratch_restore_{uuid.uuid4().hex[:12]}"
    try:
        yield name
    finally:
        drop_database(name)


@pytest.fixture
def backup_key(monkeypatch):
    def _set(encrypted: bool) -> None:
        if encrypted:
            monkeypatch.setenv(encryption.KEY_ENV, Fernet.generate_key().decode())
        else:
            monkeypatch.delenv(encryption.KEY_ENV, raising=False)

    return _set


def _backup(path) -> str:
    out = io.StringIO()
    call_command("backup_database", output=str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _restore(path, target, **options) -> str:
    out = io.StringIO()
    call_command("restore_database", str(path), target=target, interactive=False, stdout=out, **options)
    return out.getvalue()


def _fingerprint_of(name):
    with database_named(name) as restored:
        return database_fingerprint(restored)


def _assert_identical(source, restored):
    assert restored.schema == source.schema
    assert restored.tables.keys() == source.tables.keys()
    differing = [name for name in source.tables if restored.tables[name] != source.tables[name]]
    assert differing == [], f"tables whose rows differ after the restore: {differing}"


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_restore_into_a_fresh_database_gives_back_identical_data(case_data, tmp_path, target, backup_key, encrypted):
    backup_key(encrypted)
    backup = tmp_path / "boligplan.backup"
    message = _backup(backup)
    assert ("NOT encrypted" in message) != encrypted
    assert encryption.is_encrypted(backup) == encrypted
    content = backup.read_bytes()
    if encrypted:
        # Nothing of the database can be read from the file without the key.
        assert not content.startswith(SQLITE_MAGIC) and not content.startswith(PGDUMP_MAGIC)
        assert b"residents_resident" not in content and b"audit_auditevent" not in content
        assert CANARY.encode() not in content
    else:
        assert content.startswith(SQLITE_MAGIC if connection.vendor == "sqlite" else PGDUMP_MAGIC)

    assert "rows" in _restore(backup, target, create=True)

    # The source's audit chain verifies, and the restored rows are identical, hashes included.
    call_command("verify_audit_chain", stdout=io.StringIO())
    source = database_fingerprint(connection)
    for table in MAIN_TABLES:
        assert source.tables[table].rows > 0, f"{table} is empty: the comparison would prove nothing"
    _assert_identical(source, _fingerprint_of(target))
    if not encrypted:
        return

    with database_named(target) as restored, restored.cursor() as cursor:
        # The fingerprint's schema covers the audit log's triggers; here they still act.
        with pytest.raises(Exception, match="append-only"):
            cursor.execute("UPDATE audit_auditevent SET action = 'x.y'")
        # Restoring again over a database that has changed since gives back the backup's data.
        cursor.execute("INSERT INTO auth_group (name) VALUES (%s)", ["fremmed"])
        cursor.execute("DELETE FROM residents_journalnote")
    _restore(backup, target)
    _assert_identical(source, _fingerprint_of(target))


def test_refusals_change_nothing(db, tmp_path, target, monkeypatch):
    monkeypatch.setenv(encryption.KEY_ENV, Fernet.generate_key().decode())
    backup = tmp_path / "boligplan.backup"
    _backup(backup)
    with pytest.raises(CommandError, match="exists already"):
        _backup(backup)

    monkeypatch.setattr("builtins.input", lambda prompt: "nei")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore_database", str(backup), target=target, stdout=io.StringIO())

    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    with pytest.raises(CommandError, match="not a Boligplan backup"):
        _restore(junk, target, create=True)

    monkeypatch.setenv(encryption.KEY_ENV, Fernet.generate_key().decode())
    with pytest.raises(CommandError, match="key does not open"):
        _restore(backup, target, create=True)

    monkeypatch.delenv(encryption.KEY_ENV)
    with pytest.raises(CommandError, match="encrypted"):
        _restore(backup, target, create=True)

    # None of these created the target.
    if connection.vendor == "sqlite":
        assert not Path(target).exists()
    else:
        with database_named("postgres") as server, server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target])
            assert cursor.fetchone() is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's online backup API")
def test_sqlite_backup_during_writes_is_a_consistent_snapshot(transactional_db, stay, kari, tmp_path, backup_key):
    """Backups taken while another thread writes notes: each copy passes the integrity check and
    holds exactly one audit row per note (a torn copy would not)."""
    backup_key(False)
    stop = threading.Event()
    errors: list[BaseException] = []

    def write_notes():
        try:
            while not stop.is_set():
                resident_services.journal_note_add(actor=kari, stay=stay, text="Skrevet under sikkerhetskopi")
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            errors.append(exc)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write_notes)
    writer.start()
    try:
        copies = []
        for number in range(3):
            stop.wait(0.2)
            copies.append(tmp_path / f"copy-{number}.sqlite3")
            _backup(copies[-1])
    finally:
        stop.set()
        writer.join(timeout=30)
    assert errors == []
    for copy in copies:
        db = sqlite3.connect(copy)
        try:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            notes = db.execute("SELECT COUNT(*) FROM residents_journalnote").fetchone()[0]
            audited = db.execute("SELECT COUNT(*) FROM audit_auditevent WHERE action = 'note.added'").fetchone()[0]
        finally:
            db.close()
        assert notes == audited


# --- The encrypted file format, without a database --------------------------------------------


def _encrypt(data: bytes, fernet) -> bytes:
    out = io.BytesIO()
    encryption.encrypt_file(io.BytesIO(data), out, fernet)
    return out.getvalue()


def _decrypt(blob: bytes, fernet) -> bytes:
    out = io.BytesIO()
    encryption.decrypt_file(io.BytesIO(blob), out, fernet)
    return out.getvalue()


def _frames(blob: bytes) -> list[bytes]:
    frames, position = [], len(encryption.MAGIC)
    while position < len(blob):
        length = int.from_bytes(blob[position : position + 4], "big")
        frames.append(blob[position : position + 4 + length])
        position += 4 + length
    return frames


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(encryption, "CHUNK_SIZE", 1000)


def test_chunked_encryption_round_trip_and_key_rotation(small_chunks, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    data = bytes(range(256)) * 40  # ten chunks of 1000 and a bit
    monkeypatch.setenv(encryption.KEY_ENV, old)
    blob = _encrypt(data, encryption.keys_from_environment())
    assert len(_frames(blob)) == 11
    # Rotated: the new key first encrypts from now on; the old one still opens old backups.
    monkeypatch.setenv(encryption.KEY_ENV, f"{new},{old}")
    assert _decrypt(blob, encryption.keys_from_environment()) == data
    assert _decrypt(_encrypt(b"", encryption.keys_from_environment()), encryption.keys_from_environment()) == b""


def test_cut_reordered_or_altered_backups_are_refused(small_chunks):
    fernet = encryption.MultiFernet([Fernet(Fernet.generate_key())])
    blob = _encrypt(b"x" * 3500, fernet)
    frames = _frames(blob)
    damaged = {
        "cut after a chunk": encryption.MAGIC + b"".join(frames[:-1]),
        "cut inside a chunk": blob[:-10],
        "reordered": encryption.MAGIC + b"".join([frames[1], frames[0], *frames[2:]]),
        "chunk dropped": encryption.MAGIC + b"".join([frames[0], *frames[2:]]),
        "bit flipped": blob[:200] + bytes([blob[200] ^ 1]) + blob[201:],
        "data after the end": blob + frames[0],
    }
    for what, content in damaged.items():
        with pytest.raises((encryption.BackupDamagedError, encryption.BackupKeyError)):
            _decrypt(content, fernet)
            pytest.fail(f"{what}: accepted")


def test_a_malformed_key_is_named_but_never_shown(monkeypatch):
    monkeypatch.setenv(encryption.KEY_ENV, "not-a-fernet-key-secret-value")
    with pytest.raises(encryption.BackupKeyError) as caught:
        encryption.keys_from_environment()
    assert encryption.KEY_ENV in str(caught.value)
    assert "secret-value" not in str(caught.value)
