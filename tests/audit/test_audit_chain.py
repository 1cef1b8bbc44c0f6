"""The audit log is append-only (database triggers) and tamper-evident (hash chain), on SQLite
and PostgreSQL alike (ADR 0007)."""

import datetime
import hashlib
import hmac
import threading
import uuid
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from boligplan.audit.chain import CHAIN_COLUMNS, GENESIS, chain_key, row_seal, verify_rows
from boligplan.audit.guard import missing_triggers, purge_permitted
from boligplan.audit.models import AuditEvent
from boligplan.audit.services import audit_record
from tests.conftest import make_user


@pytest.fixture
def events(kari, shelter):
    """Four chained rows written the way the application writes them."""
    return [audit_record(actor=kari, action="overview.viewed", obj=shelter, shelter_id=shelter.pk) for _ in range(4)]


def settle_deferred_checks(cursor):
    """PostgreSQL refuses ALTER/TRUNCATE on a table with deferred foreign-key checks pending in
    the same transaction (the rows this test inserted); run those checks now."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def guard_lifted():
    """Take the triggers away for a moment, as an attacker with DDL rights could; the test's
    transaction is rolled back afterwards either way."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'"
            )
            saved = cursor.fetchall()
            assert {name for name, _ in saved} == {"audit_auditevent_no_update", "audit_auditevent_no_delete"}
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
        else:
            settle_deferred_checks(cursor)
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for _, sql in saved:
                    cursor.execute(sql)
            else:
                settle_deferred_checks(cursor)
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def verify(**options) -> str:
    """Run the command; its output when the chain is intact, else CommandError."""
    out = StringIO()
    call_command("verify_audit_chain", stdout=out, **options)
    return out.getvalue()


# --- The chain. -----------------------------------------------------------------------------------


def test_each_row_points_at_the_row_before_it(events):
    rows = list(AuditEvent.objects.order_by("pk"))

    assert rows[0].prev_hash == GENESIS
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.prev_hash == before.row_hash
    assert len({row.row_hash for row in rows}) == len(rows)
    assert all(len(row.row_hash) == 64 for row in rows)


def test_the_seal_covers_every_field_in_a_fixed_documented_form():
    at = datetime.datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=datetime.UTC)
    shelter_id = uuid.UUID("11111111-2222-3333-4444-555555555555")
    key = b"k" * 32
    values = {
        "key": key,
        "seq": 12,
        "at": at,
        "actor_id": 7,
        "shelter_id": shelter_id,
        "action": "stay.viewed",
        "object_type": "stay",
        "object_id": "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE",  # any spelling of a uuid seals the same
        "stay_id": None,
        "fields": "",
        "reason": "",
        "prev_hash": GENESIS,
    }
    canonical = (
        '["boligplan-audit-v2",12,"2026-03-01T12:30:05.123456Z",7,"11111111-2222-3333-4444-555555555555",'
        '"stay.viewed","stay","aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",null,"","",'
        f'"{GENESIS}"]'
    )

    assert row_seal(**values) == hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()
    # Without the key, the plain hash of the same text is not the seal.
    assert row_seal(**values) != hashlib.sha256(canonical.encode()).hexdigest()
    # The same moment in another time zone is the same row.
    oslo = datetime.timezone(datetime.timedelta(hours=1))
    assert row_seal(**{**values, "at": at.astimezone(oslo)}) == row_seal(**values)
    for field, other in [
        ("seq", 13),
        ("actor_id", 8),
        ("action", "stay.departed"),
        ("reason", "brev"),
        ("prev_hash", "1" * 64),
        ("key", b"j" * 32),
    ]:
        assert row_seal(**{**values, field: other}) != row_seal(**values), field


def test_reads_outside_a_transaction_are_chained_too(client_for, kari, stay):
    client = client_for(kari)
    for _ in range(3):
        assert client.get(reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})).status_code == 200

    assert "Audit chain intact" in verify()


def test_the_reason_is_a_code_never_free_text(kari, shelter):
    with pytest.raises(ValueError, match="AccessReason"):
        audit_record(actor=kari, action="address.revealed", shelter_id=shelter.pk, reason="Storgata 1")

    row = audit_record(actor=kari, action="address.revealed", shelter_id=shelter.pk, reason="brev")
    assert row.reason == "brev"


# --- Append-only: the database refuses changes. -----------------------------------------------------


def test_update_is_refused_by_the_database(events):
    event = events[1]

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="stay.viewed")
    event.fields = "name"
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        event.save()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_id = NULL")

    assert AuditEvent.objects.get(pk=event.pk).fields == ""


def test_delete_is_refused_by_the_database(events):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).delete()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")

    assert AuditEvent.objects.count() == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_truncate_is_refused_by_the_database(events):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        settle_deferred_checks(cursor)
        cursor.execute("TRUNCATE audit_auditevent")

    assert AuditEvent.objects.count() == 4


def test_a_staff_account_with_audit_rows_cannot_be_deleted(events, kari):
    with pytest.raises(ProtectedError), transaction.atomic():
        kari.delete()


def test_the_purge_permit_allows_deletion_inside_its_block_only(events):
    with purge_permitted():
        AuditEvent.objects.filter(pk=events[0].pk).delete()
        # Even with the permit, rows are never changed.
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=events[1].pk).update(action="stay.viewed")

    assert AuditEvent.objects.count() == 3
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=events[1].pk).delete()


def test_the_purge_permit_ends_with_a_failed_transaction(events):
    with pytest.raises(RuntimeError), purge_permitted():
        AuditEvent.objects.filter(pk=events[0].pk).delete()
        raise RuntimeError("purge went wrong")

    assert AuditEvent.objects.count() == 4  # the deletion was rolled back with the permit
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()


# --- The verify command. ------------------------------------------------------------------------------


def test_verify_passes_on_an_intact_chain(events):
    output = verify()

    assert "Audit chain intact: 4 row(s)" in output
    assert events[-1].row_hash in output


def test_verify_passes_on_an_empty_log(db):
    assert "Audit chain intact: 0 row(s)" in verify()


def test_verify_names_a_changed_row(events):
    with guard_lifted():
        AuditEvent.objects.filter(pk=events[2].pk).update(action="stay.viewed")

    with pytest.raises(CommandError, match=rf"row id={events[2].pk}: its content does not match"):
        verify()


def test_verify_names_the_row_after_a_rewritten_one(events):
    """Even someone holding the key who re-seals the changed row breaks the link to the next row."""
    target = events[1]
    forged = row_seal(
        key=chain_key(),
        **{column: getattr(target, column) for column in CHAIN_COLUMNS[1:-1]} | {"actor_id": None},
    )
    with guard_lifted():
        AuditEvent.objects.filter(pk=target.pk).update(actor_id=None, row_hash=forged)

    with pytest.raises(CommandError, match=rf"row id={events[2].pk}: it does not point at the row before it"):
        verify()


def test_verify_names_the_row_after_a_removed_one(events):
    with purge_permitted():
        AuditEvent.objects.filter(pk=events[1].pk).delete()

    with pytest.raises(CommandError, match=rf"row id={events[2].pk}: it does not point"):
        verify()


def test_verify_notices_a_log_whose_oldest_rows_are_gone_without_an_anchor(events):
    with purge_permitted():
        AuditEvent.objects.filter(pk=events[0].pk).delete()

    with pytest.raises(CommandError, match=rf"row id={events[1].pk}: the first row does not start the chain"):
        verify()


def test_the_retention_purge_leaves_a_sealed_anchor_the_rest_verifies_from(events):
    from boligplan.audit.models import AuditAnchor
    from boligplan.audit.purge import audit_purge_before

    deleted = audit_purge_before(cutoff=events[1].at + datetime.timedelta(microseconds=1))

    assert deleted == 2
    assert AuditAnchor.objects.get().seq == events[1].seq
    # The two kept rows and the row saying that the purge happened.
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "overview.viewed",
        "overview.viewed",
        "audit.purged",
    ]
    assert "Audit chain intact: 3 row(s)" in verify()


def test_verify_reports_missing_triggers(events):
    assert missing_triggers() == []
    with guard_lifted():
        assert missing_triggers()
        with pytest.raises(CommandError, match="append-only guard is missing"):
            verify()


def test_verify_rows_is_a_pure_check():
    at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    key = b"k" * 32
    row_values = {
        "at": at,
        "actor_id": 1,
        "shelter_id": None,
        "object_type": "",
        "object_id": None,
        "stay_id": None,
        "fields": "",
        "reason": "",
    }
    h1 = row_seal(key=key, seq=1, **row_values, action="stay.viewed", prev_hash=GENESIS)
    h2 = row_seal(key=key, seq=2, **row_values, action="stay.departed", prev_hash=h1)

    def row(row_id, seq, action, prev, own):
        values = {**row_values, "seq": seq, "action": action, "prev_hash": prev}
        return (row_id, *(values[c] for c in CHAIN_COLUMNS[1:-1]), own)

    good = [row(1, 1, "stay.viewed", GENESIS, h1), row(2, 2, "stay.departed", h1, h2)]
    assert verify_rows(good, key=key).ok
    assert verify_rows(good, key=key).last_seq == 2
    broken = verify_rows([good[0], row(2, 2, "stay.viewed", h1, h2)], key=key).first_break
    assert broken.row_id == 2
    # Another key: not one row verifies.
    assert verify_rows(good, key=b"j" * 32).first_break.row_id == 1


# --- No fork under concurrent writers, and the test runner can still empty the database. -------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(shelter):
    users = [make_user(f"writer{n}", shelter, "ansatt") for n in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(users))

    def write(user):
        try:
            start.wait()
            for _ in range(15):
                audit_record(actor=user, action="overview.viewed", obj=shelter, shelter_id=shelter.pk)
            # Service writes: the audit row inside a longer transaction.
            for _ in range(5):
                with transaction.atomic():
                    audit_record(actor=user, action="shelter.settings_changed", obj=shelter, shelter_id=shelter.pk)
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEvent.objects.count() == 4 * 20
    assert "Audit chain intact: 80 row(s)" in verify()


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_audit_log(kari, shelter):
    audit_record(actor=kari, action="overview.viewed", obj=shelter, shelter_id=shelter.pk)

    call_command("flush", interactive=False, verbosity=0)

    assert AuditEvent.objects.count() == 0
    # The guard is back at once: the next row starts a new chain and cannot be deleted.
    assert missing_triggers() == []
    row = audit_record(actor=None, action="overview.viewed")
    assert row.prev_hash == GENESIS
    with pytest.raises(IntegrityError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")


@pytest.mark.django_db(transaction=True)
def test_djangos_own_flush_is_refused_by_the_guard(kari, shelter):
    """Why this app overrides `flush`: without the permit the triggers stop it."""
    from django.core.management.commands.flush import Command as DjangoFlush

    audit_record(actor=kari, action="overview.viewed", obj=shelter, shelter_id=shelter.pk)

    with pytest.raises(CommandError, match="couldn't be flushed"):
        call_command(DjangoFlush(), interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 1


def test_an_interactive_flush_asks_first_and_can_be_cancelled(events, monkeypatch):
    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "no")
    out = StringIO()

    call_command("flush", stdout=out)

    assert "audit log included" in questions[0]
    assert "Flush cancelled." in out.getvalue()
    assert AuditEvent.objects.count() == 4
