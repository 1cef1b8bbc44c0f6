"""Back up the database: SQLite through its online backup API, PostgreSQL through pg_dump -Fc.

The backup is encrypted when BACKUP_ENCRYPTION_KEY is set (see boligplan/ops/encryption.py).
See docs/operations.md for where backups go and how to restore one.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from boligplan.ops.backup import BackupError, backup_database, database_label
from boligplan.ops.encryption import KEY_ENV


class Command(BaseCommand):
    help = "Write a backup of the database (SQLite backup API or pg_dump); encrypted when BACKUP_ENCRYPTION_KEY is set."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="File to write (never overwritten). Default: var/backups/boligplan-<kind>-<UTC time>.<ext>",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args, output, database, **options):
        try:
            result = backup_database(using=database, output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up {database_label(database)} ({result.vendor}) to {result.path} "
            f"({result.size:,} bytes, {'encrypted' if result.encrypted else 'NOT encrypted'})."
        )
        if not result.encrypted:
            self.stderr.write(f"Warning: set {KEY_ENV} to encrypt backups; this one holds personal data in clear.")
