"""Encryption of single fields at rest (the resident's name, a new home's address).

Keys come from the environment (FIELD_ENCRYPTION_KEYS: comma-separated Fernet keys, newest
first) and are never stored in the database. Older keys still decrypt, so a key can be rotated
without downtime: add the new key first, run `manage.py rotate_field_keys`, then drop the old one.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1:"  # marks ciphertext, so a plaintext value is never mistaken for one


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: field encryption needs at least one key.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        raise ValueError("value is not encrypted")
    try:
        return fernet().decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured("A field could not be decrypted: is its key in FIELD_ENCRYPTION_KEYS?") from exc


def rotate(value: str) -> str:
    """Re-encrypt with the newest key (a no-op for values already under it, apart from the nonce)."""
    return PREFIX + fernet().rotate(value[len(PREFIX) :].encode("ascii")).decode("ascii")


def encrypt_columns(connection, table: str, columns: list[str], *, reverse: bool = False) -> int:
    """Encrypt (or, with reverse=True, decrypt) columns of an existing table in place.

    For data migrations that turn a plain text column into an encrypted one. Values already in
    the target state are left alone, so a migration that stopped half-way can simply run again.
    Works on the raw column text: the ORM of a migration would not know which state a row is in.
    Returns the number of rows changed.
    """
    quote = connection.ops.quote_name
    cols = ", ".join(quote(c) for c in columns)
    changed = 0
    with connection.cursor() as cursor:
        # Table and column names come from the migration's own constants, quoted; values are parameters.
        cursor.execute(f"SELECT {quote('id')}, {cols} FROM {quote(table)}")  # noqa: S608  # nosec B608  # nosemgrep: sql-from-fstring
        rows = cursor.fetchall()
        for pk, *values in rows:
            updates = {}
            for column, value in zip(columns, values, strict=True):
                if not value:
                    continue
                encrypted = value.startswith(PREFIX)
                if reverse and encrypted:
                    updates[column] = decrypt(value)
                elif not reverse and not encrypted:
                    updates[column] = encrypt(value)
            if updates:
                sets = ", ".join(f"{quote(c)} = %s" for c in updates)
                sql = f"UPDATE {quote(table)} SET {sets} WHERE {quote('id')} = %s"  # noqa: S608  # nosec B608
                cursor.execute(sql, [*updates.values(), pk])  # nosemgrep: sql-from-fstring
                changed += 1
    return changed
