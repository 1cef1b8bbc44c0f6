"""PostgreSQL row-level security: the second wall between shelters (ADR 0008).

The access layer already filters every query by the caller's shelter. On PostgreSQL the
database enforces it as well: every table with a `shelter_id` column gets ENABLE and FORCE ROW
LEVEL SECURITY and a policy that admits only rows of the shelter set for the current
transaction (`boligplan.shelter_id`, set by TenantMiddleware). With no shelter set, such a
query sees no rows and can insert none.

The application connects as a role that does not own the tables (owners and superusers bypass
row-level security); migrations run as the owner. SQLite has no row-level security: a single
shelter's SQLite file needs no wall between shelters.
"""

from django.db import connection, transaction

SETTING = "boligplan.shelter_id"
_CURRENT = f"NULLIF(current_setting('{SETTING}', true), '')::uuid"

# Tables with a shelter column that are deliberately left without a policy, and why.
EXEMPT = {
    "core_membership": "read at login to find the user's shelter, before any shelter is set; no case data",
    "staff_invitation": "looked up by the link's token hash before anyone is logged in, and by the national "
    "operator, who has no shelter; holds ids, times and a hash, no case data (ADR 0021)",
    "audit_auditevent": "one hash chain across the instance must read the last row; append-only, read only "
    "through the access layer (ADR 0007)",
}
# Rows with no shelter are national and visible to every shelter, but never written by one.
SHARED_WHEN_NULL = {"agencies_agency"}


def tables_with_shelter_column(cursor) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_name = 'shelter_id' ORDER BY table_name"
    )
    return [row[0] for row in cursor.fetchall()]


def policy_sql(table: str) -> list[str]:
    quoted = connection.ops.quote_name(table)
    visible = (
        f"(shelter_id IS NULL OR shelter_id = {_CURRENT})"
        if table in SHARED_WHEN_NULL
        else (f"shelter_id = {_CURRENT}")
    )
    return [
        f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS shelter_isolation ON {quoted}",
        f"CREATE POLICY shelter_isolation ON {quoted} USING ({visible}) WITH CHECK (shelter_id = {_CURRENT})",
    ]


def apply_row_level_security(using="default", **kwargs) -> list[str]:
    """Give every table with a shelter column its policy (idempotent; after every migrate)."""
    if connection.vendor != "postgresql":
        return []
    applied = []
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables_with_shelter_column(cursor):
            if table in EXEMPT:
                continue
            for statement in policy_sql(table):
                cursor.execute(statement)  # nosemgrep: sql-from-fstring - names from the catalogue
            applied.append(table)
    return applied


def set_current_shelter(shelter_id) -> None:
    """Admit rows of this shelter for the rest of the current transaction (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, str(shelter_id)])
