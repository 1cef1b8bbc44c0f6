"""Create the PostgreSQL role the application connects as (not the tables' owner).

Run as the owner, after `migrate` (every time: it also fixes the grants of tables a migration
created). Row-level security binds this role; it would not bind the owner or a superuser. Then
serve with DATABASE_URL pointing at this role.

The audit log is append-only for this role (ADR 0013): SELECT and INSERT on the audit table and
SELECT on the purge anchors, nothing else, so it can neither delete, change nor truncate audit
rows, whatever setting it sets. The retention purge of old audit rows runs as the owner.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from boligplan.audit.guard import ANCHOR_TABLE, TABLE

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class Command(BaseCommand):
    help = "Create (or update the grants of) the non-owner role the application connects as."

    def add_arguments(self, parser):
        parser.add_argument("name", help="role name, e.g. boligplan_app")
        parser.add_argument("--password", default="", help="password for the role (leave empty for peer/trust)")

    def handle(self, *args, name, password, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Only for PostgreSQL: SQLite has no roles.")
        if not _NAME.match(name):
            raise CommandError("Role names are lower-case letters, digits and underscores.")
        quoted = connection.ops.quote_name(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOBYPASSRLS")  # nosemgrep: sql-from-fstring
            if password:
                cursor.execute(f"ALTER ROLE {quoted} PASSWORD %s", [password])  # nosemgrep: sql-from-fstring
            for statement in (
                f"GRANT USAGE ON SCHEMA public TO {quoted}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
                f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO {quoted}",
                # After the blanket grants: the audit log is append-only for this role.
                f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {TABLE} FROM {quoted}",
                f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {ANCHOR_TABLE} FROM {quoted}",
            ):
                cursor.execute(statement)  # nosemgrep: sql-from-fstring - validated, quoted role name
        self.stdout.write(
            self.style.SUCCESS(
                f"Role {name} can now connect; row-level security applies to it, and it can only add to the audit log."
            )
        )
