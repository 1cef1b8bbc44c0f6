"""The walls that keep the audit log append-only (created by migration 0003, ADR 0007 and 0013).

UPDATE is always refused. DELETE (and TRUNCATE on PostgreSQL) only ever happens through an
operator path: Django's `flush` (overridden in this app, because the test runner flushes every
table between transactional tests) and the audit retention purge (audit/purge.py).

PostgreSQL, three walls:
1. Grants: the role the application connects as has SELECT and INSERT on the audit table, and
   nothing else (`manage.py create_app_role`); DELETE, UPDATE and TRUNCATE fail on privileges.
2. Triggers: UPDATE is refused; DELETE and TRUNCATE pass only when the current role is (a member
   of) the table's owner *and* the transaction has set `boligplan.allow_audit_purge`. Any role can
   set that setting, so on its own it proves nothing; it only keeps the owner from deleting by
   mistake. The purge therefore runs with the owner's DATABASE_URL.
3. The keyed chain and the head outside the database (chain.py, integrity.py) detect what an owner or
   superuser, who can do anything, did anyway.

SQLite has no roles: whoever can write the file can drop a trigger. The permit there is a row
in `audit_purge_permit` that names the last seq it allows deleting and carries an HMAC of that
under the audit key; the trigger checks it through a function this module registers on every
connection the application opens (`boligplan_audit_permit_ok`). A permit inserted by anything
without the key is worthless, and a connection without the function (the sqlite3 shell) cannot
delete at all. The permit is inserted and deleted inside the purging transaction, so no other
connection ever sees it. What is done around the triggers is caught by the verification against
the head kept outside the database.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .chain import chain_key, permit_seal, seals_equal

TABLE = "audit_auditevent"
ANCHOR_TABLE = "audit_auditanchor"
PERMIT_TABLE = "audit_purge_permit"
PURGE_SETTING = "boligplan.allow_audit_purge"
APPEND_ONLY_MESSAGE = "audit log is append-only"
PERMIT_FUNCTION = "boligplan_audit_permit_ok"
ALL_ROWS = 2**62  # a permit for every row (flush)

SQLITE_TRIGGERS = ("audit_auditevent_no_update", "audit_auditevent_no_delete")
POSTGRESQL_TRIGGERS = ("audit_auditevent_no_change", "audit_auditevent_no_truncate")


def _permit_ok(up_to_seq, seal) -> int:
    try:
        key = chain_key()
    except Exception:  # noqa: BLE001 - no key configured: no permit is valid
        return 0
    if up_to_seq is None or seal is None:
        return 0
    return int(seals_equal(permit_seal(key=key, up_to_seq=int(up_to_seq)), str(seal)))


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """connection_created receiver: give each SQLite connection the permit check the trigger calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(PERMIT_FUNCTION, 2, _permit_ok, deterministic=True)


@contextmanager
def purge_permitted(using: str = DEFAULT_DB_ALIAS, *, up_to_seq: int = ALL_ROWS):
    """Allow DELETE (TRUNCATE) of audit rows up to `up_to_seq` inside this block, one transaction.

    On PostgreSQL it works only for the table's owner (see the module docstring): as the app role
    the DELETE is refused on privileges whatever this sets.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
            elif connection.vendor == "sqlite":
                seal = permit_seal(key=chain_key(), up_to_seq=up_to_seq)
                cursor.execute("INSERT INTO audit_purge_permit (up_to_seq, seal) VALUES (%s, %s)", [up_to_seq, seal])
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


def rewrite_grants(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """PostgreSQL: "<role> may <PRIVILEGE> on <table>" for every role other than the owner that may
    change audit rows or write anchors (empty when none may). Always empty on SQLite (no roles)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END, "
            "a.privilege_type "
            "FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a "
            "WHERE c.oid IN (%s::regclass, %s::regclass) AND a.grantee <> c.relowner "
            "AND (a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE') "
            "     OR (c.relname = %s AND a.privilege_type = 'INSERT')) "
            "ORDER BY 1, 2, 3",
            [TABLE, ANCHOR_TABLE, ANCHOR_TABLE],
        )
        return [f"{role} may {privilege} on {table}" for table, role, privilege in cursor.fetchall()]
