"""A fingerprint of a whole database: its schema objects, and per table a row count and a digest
of every row. Two databases with equal fingerprints hold the same data, row for row.

Used to prove that a restore gives back exactly what was backed up (tests/ops/test_ops_backup.py)
and to report what a restore wrote. Comparisons are meaningful between databases of the same
kind (SQLite with SQLite, PostgreSQL with PostgreSQL): values are compared as the driver gives
them. The digest does not depend on row order, so physical order after a restore does not matter.
"""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

_SQLITE_SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1, 2"
_POSTGRESQL_SCHEMA = [
    # Tables and other relations, with row-level security switched on or not.
    """SELECT 'relation', c.relname, c.relkind::text, c.relrowsecurity::text, c.relforcerowsecurity::text
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() ORDER BY 2""",
    """SELECT 'trigger', t.tgname, c.relname, t.tgenabled::text, pg_get_triggerdef(t.oid)
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE NOT t.tgisinternal AND n.nspname = current_schema() ORDER BY 2, 3""",
    """SELECT 'policy', p.polname, c.relname, p.polcmd::text,
              coalesce(pg_get_expr(p.polqual, p.polrelid), '') || '|' ||
              coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
       FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() ORDER BY 2, 3""",
    """SELECT 'function', p.proname, pg_get_function_identity_arguments(p.oid), md5(p.prosrc), ''
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = current_schema() ORDER BY 2, 3""",
    # Where each sequence stands: a restore that lost it would hand out ids already in use.
    """SELECT 'sequence', sequencename, coalesce(last_value, 0)::text, '', ''
       FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 2""",
]


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    digest: str


@dataclass(frozen=True)
class DatabaseFingerprint:
    schema: tuple[tuple[str, ...], ...]
    tables: dict[str, TableFingerprint] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(table.rows for table in self.tables.values())


def _normalise(value) -> str:
    if isinstance(value, memoryview | bytearray | bytes):
        return "b:" + bytes(value).hex()
    return repr(value)


def _table_fingerprint(cursor, connection: BaseDatabaseWrapper, table: str) -> TableFingerprint:
    # The name comes from the database's own catalogue and is quoted by the backend.
    sql = "SELECT * FROM " + connection.ops.quote_name(table)  # noqa: S608 - catalogue name, quoted  # nosec B608
    cursor.execute(sql)
    row_digests = []
    while rows := cursor.fetchmany(2000):
        for row in rows:
            row_digests.append(hashlib.sha256("\x1f".join(_normalise(v) for v in row).encode()).digest())
    row_digests.sort()
    total = hashlib.sha256()
    for digest in row_digests:
        total.update(digest)
    return TableFingerprint(rows=len(row_digests), digest=total.hexdigest())


def _schema(cursor, connection: BaseDatabaseWrapper) -> tuple[tuple[str, ...], ...]:
    rows: list[tuple[str, ...]] = []
    queries = [_SQLITE_SCHEMA] if connection.vendor == "sqlite" else _POSTGRESQL_SCHEMA
    for query in queries:
        cursor.execute(query)
        rows.extend(tuple(str(value) for value in row) for row in cursor.fetchall())
    return tuple(rows)


def database_fingerprint(connection: BaseDatabaseWrapper, *, counts_only: bool = False) -> DatabaseFingerprint:
    """Fingerprint every table the connection's database holds (counts only: no row digests)."""
    with connection.cursor() as cursor:
        schema = _schema(cursor, connection)
        tables = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            if counts_only:
                sql = "SELECT COUNT(*) FROM " + connection.ops.quote_name(table)  # noqa: S608 - as above  # nosec B608
                cursor.execute(sql)
                tables[table] = TableFingerprint(rows=cursor.fetchone()[0], digest="")
            else:
                tables[table] = _table_fingerprint(cursor, connection, table)
    return DatabaseFingerprint(schema=schema, tables=tables)


@contextmanager
def database_named(name: str, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[BaseDatabaseWrapper]:
    """A connection to another database on the same server (PostgreSQL: a database name; SQLite:
    a file path), with the settings of `using` otherwise. Closed on exit."""
    base = connections[using]
    wrapper = base.__class__({**base.settings_dict, "NAME": name}, alias=f"{using}-{name}")
    try:
        yield wrapper
    finally:
        wrapper.close()
