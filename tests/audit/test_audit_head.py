"""The audit log's head kept outside the database (ADR 0013): a cut or replaced tail is found against
it, on SQLite and PostgreSQL; checkpoints, anchors after a restore, the key, and the retention purge."""

import datetime
import json
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from boligplan.audit.chain import CHAIN_COLUMNS, GENESIS, anchor_seal, chain_key, row_seal
from boligplan.audit.guard import purge_permitted
from boligplan.audit.models import AuditAnchor, AuditEvent
from boligplan.audit.services import audit_record
from tests.audit.tamper import checkpoint, postgres_only, sqlite_only, verify, write_rows


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
