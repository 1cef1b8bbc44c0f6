"""Restore a backup made by backup_database, replacing everything in the target database.

SQLite: the target file (the configured database, or --target PATH) is replaced through the
online backup API in one step. PostgreSQL: pg_restore --clean --single-transaction into the
configured database or --target NAME (best a fresh, empty database; see docs/operations.md).
Run `manage.py migrate` afterwards when the backup is older than the code.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from boligplan.ops.backup import BackupError, restore_database, restore_target


class Command(BaseCommand):
    help = "Restore a backup (plain or encrypted) into the database, replacing all of its data."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup file written by backup_database.")
        parser.add_argument(
            "--target",
            help="Restore into this database instead of the configured one: a file path for SQLite, "
            "a database name on the same server for PostgreSQL.",
        )
        parser.add_argument(
            "--create",
            action="store_true",
            help="Create the target first (PostgreSQL: CREATE DATABASE; SQLite: the file must not exist yet).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, backup, target, create, database, interactive, **options):
        try:
            name = restore_target(using=database, target=target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if interactive and not create:
            answer = input(
                f"This replaces ALL data in the {connections[database].vendor} database {name} "
                f"with the content of {backup}. Type 'yes' to continue: "
            )
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            result = restore_database(source=Path(backup), using=database, target=target, create=create)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {backup} into {result.target} ({result.vendor}): {result.tables} tables, {result.rows:,} rows."
        )
