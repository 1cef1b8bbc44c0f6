"""Is the database ready to be served, by the role the application connects as?

`make serve` runs this in place of `migrate` (which needs the owner: docs/operations.md,
"Database roles"). It changes nothing and fails with a message saying what to do when:
- a migration is not applied (run `make migrate`, as the owner, first);
- on PostgreSQL, DATABASE_URL is a role that row-level security does not bind (a superuser,
  BYPASSRLS, or the tables' owner), so the second wall between shelters would be down;
- on PostgreSQL, a table with a shelter column lacks its forced policy (core/tenancy.py).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from boligplan.core.tenancy import EXEMPT, tables_with_shelter_column
from boligplan.ops.roles import app_role_problem, role_facts

POLICY = "shelter_isolation"


def unapplied_migrations(using: str) -> list[str]:
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def tables_without_policy(using: str) -> list[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        wanted = [table for table in tables_with_shelter_column(cursor) if table not in EXEMPT]
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_policies p ON p.schemaname = n.nspname AND p.tablename = c.relname "
            "WHERE n.nspname = current_schema() AND c.relrowsecurity AND c.relforcerowsecurity "
            "AND p.policyname = %s",
            [POLICY],
        )
        protected = {row[0] for row in cursor.fetchall()}
    return [table for table in wanted if table not in protected]


class Command(BaseCommand):
    help = "Check, without changing anything, that the database is migrated and served as the application's role."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args, database, **options):
        pending = unapplied_migrations(database)
        if pending:
            raise CommandError(
                f"{len(pending)} migrations are not applied (first: {pending[0]}). Run `make migrate` "
                "first, with the owner's URL in DATABASE_OWNER_URL on PostgreSQL (docs/operations.md)."
            )
        facts = role_facts(database)
        if facts is None:
            self.stdout.write("Ready to serve: every migration is applied (SQLite).")
            return
        problem = app_role_problem(facts)
        if problem:
            raise CommandError(problem)
        missing = tables_without_policy(database)
        if missing:
            raise CommandError(
                f"Row-level security is missing on {', '.join(missing)}. Run `make migrate` as the "
                "owner: it applies the policies after the migrations."
            )
        self.stdout.write(
            f"Ready to serve as {facts.name!r}: every migration is applied and row-level security binds this role."
        )
