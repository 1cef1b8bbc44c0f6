"""Re-encrypt every encrypted field with the newest key in FIELD_ENCRYPTION_KEYS."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from boligplan.core import crypto
from boligplan.core.fields import EncryptedTextField


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields with the newest key (run after adding a key in front)."

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            columns = [f.attname for f in fields]
            # Work on the stored ciphertext directly: rotation never needs the plaintext.
            with transaction.atomic():
                for pk, *values in _raw(model, columns):
                    updates = {c: crypto.rotate(v) for c, v in zip(columns, values, strict=True) if v}
                    if updates:
                        _write_raw(model, pk, updates)
                        total += 1
            self.stdout.write(f"{model._meta.label}: re-encrypted {', '.join(columns)}")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows re-encrypted."))


def _raw(model, columns):
    """The ORM would decrypt through the field; read the raw column text instead."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    pk_col = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        # Identifiers come from model metadata, quoted; no value is formatted into the SQL.
        cursor.execute(f"SELECT {pk_col}, {cols} FROM {table}")  # noqa: S608  # nosec B608  # nosemgrep: sql-from-fstring
        yield from cursor.fetchall()


def _write_raw(model, pk, updates):
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(model._meta.get_field(c).column)} = %s" for c in updates)
    pk_col = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        # Identifiers from model metadata, quoted; the values are parameters.
        sql = f"UPDATE {table} SET {sets} WHERE {pk_col} = %s"  # noqa: S608  # nosec B608
        cursor.execute(sql, [*updates.values(), pk])
