"""The database guard that keeps the audit log append-only (created by migration 0002).

UPDATE is always refused. DELETE (and TRUNCATE on PostgreSQL) is refused unless the current
transaction holds a purge permit, which only `purge_permitted()` grants. Its callers are
operator commands, never a web request: Django's `flush` (overridden in this app, because the
test runner flushes every table between transactional tests) and, later, the retention purge.

The permit lives and dies with one transaction, so a crash can never leave it switched on:
- PostgreSQL: the transaction-local setting `boligplan.allow_audit_purge = 'on'`
  (set_config(..., is_local => true)).
- SQLite: a row in the one-column table `audit_purge_permit`, inserted and deleted inside the
  same transaction. SQLite has one writer at a time and readers see only committed data, so no
  other connection ever sees the row.

Why triggers and not only privileges: they hold whatever role the application connects as, and
they catch an ORM `.update()`/`.delete()` or an SQL console slip as well as a deliberate edit.
Someone who can drop triggers can still tamper; the hash chain makes that visible afterwards
(`manage.py verify_audit_chain`), and that command also reports missing triggers.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

TABLE = "audit_auditevent"
PERMIT_TABLE = "audit_purge_permit"
PURGE_SETTING = "boligplan.allow_audit_purge"
APPEND_ONLY_MESSAGE = "audit log is append-only"

SQLITE_TRIGGERS = ("audit_auditevent_no_update", "audit_auditevent_no_delete")
POSTGRESQL_TRIGGERS = ("audit_auditevent_no_change", "audit_auditevent_no_truncate")


@contextmanager
def purge_permitted(using: str = DEFAULT_DB_ALIAS):
    """Allow DELETE/TRUNCATE of audit rows inside this block (one transaction) only."""
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
            elif connection.vendor == "sqlite":
                cursor.execute("INSERT INTO audit_purge_permit (granted) VALUES (1)")
        yield
        # Reached only on success; on an exception the rollback takes the permit with it.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config(%s, 'off', true)", [PURGE_SETTING])
            elif connection.vendor == "sqlite":
                cursor.execute("DELETE FROM audit_purge_permit")


def missing_triggers(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Names of guard triggers that are not in place (an empty list when all are)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            expected = SQLITE_TRIGGERS
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        elif connection.vendor == "postgresql":
            expected = POSTGRESQL_TRIGGERS
            # tgenabled 'D' is a disabled trigger: it counts as missing.
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgenabled <> 'D'",
                [TABLE],
            )
        else:
            return [f"no append-only guard for {connection.vendor}"]
        present = {name for (name,) in cursor.fetchall()}
    return [name for name in expected if name not in present]
