"""Which PostgreSQL role a connection is, and whether it fits the job (docs/operations.md).

A national instance uses two roles. The owner owns the tables and bypasses row-level security
(BYPASSRLS, or a superuser): migrations, backups and restores must see every shelter's rows.
The tables have FORCE ROW LEVEL SECURITY, so owning them is not enough: an owner without
BYPASSRLS sees no rows at all, a data migration would silently skip them, and pg_dump stops.
The application's role (manage.py create_app_role) owns nothing and bypasses nothing, so the
policies bind every query it makes. These checks turn a mix-up of the two into a clear message
before anything runs, instead of a half-done migrate or a server without its second wall.
"""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

OWNER_URL_ENV = "DATABASE_OWNER_URL"


@dataclass(frozen=True)
class RoleFacts:
    name: str
    superuser: bool
    bypasses_rls: bool
    owned_tables: int  # tables in the schema whose owner's privileges this role has

    @property
    def sees_every_row(self) -> bool:
        return self.superuser or self.bypasses_rls


def role_facts(using: str = DEFAULT_DB_ALIAS) -> RoleFacts | None:
    """The connected role on PostgreSQL; None on SQLite (one file, no roles)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        name, superuser, bypasses = cursor.fetchone()
        # pg_has_role(..., 'USAGE'): the role has the owner's privileges, directly or inherited,
        # which is what lets PostgreSQL treat it as the owner.
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
            "AND pg_has_role(current_user, tableowner, 'USAGE')"
        )
        (owned,) = cursor.fetchone()
    return RoleFacts(name=name, superuser=superuser, bypasses_rls=bypasses, owned_tables=owned)


def owner_problem(facts: RoleFacts | None, *, job: str) -> str | None:
    """Why this role cannot do an owner's job (migrate, back up, restore), or None if it can."""
    if facts is None or facts.sees_every_row:
        return None
    return (
        f"{job} must run as the tables' owner with BYPASSRLS (or a superuser), but the database URL "
        f"connects as {facts.name!r}, which row-level security binds, so it would not see every "
        f"shelter's rows. Give the owner's URL in {OWNER_URL_ENV} (the make targets use it), "
        f"see docs/operations.md, 'Database roles'."
    )


def app_role_problem(facts: RoleFacts | None) -> str | None:
    """Why the application must not serve as this role, or None if row-level security binds it."""
    if facts is None:
        return None
    reasons = []
    if facts.superuser:
        reasons.append("is a superuser")
    if facts.bypasses_rls:
        reasons.append("has BYPASSRLS")
    if facts.owned_tables:
        reasons.append(f"owns {facts.owned_tables} tables")
    if not reasons:
        return None
    return (
        f"DATABASE_URL connects as {facts.name!r}, which {' and '.join(reasons)}: row-level security "
        f"would not keep the shelters apart. Serve as the application's role (manage.py "
        f"create_app_role, run as the owner) and keep the owner's URL in {OWNER_URL_ENV} for "
        f"migrations and backups; see docs/operations.md, 'Database roles'."
    )
