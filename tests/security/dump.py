"""What a copy of the database would hold, byte for byte: for the tests that a secret is found 0
times at rest (test_encryption_at_rest.py, test_field_encryption.py)."""

import shutil
import subprocess
from pathlib import Path

from django.db import connection


def database_bytes() -> bytes:
    """Every byte of the database as a copy would have it: the SQLite file, or a pg_dump."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = connection.settings_dict["NAME"]
        data = b""
        for suffix in ("", "-wal"):
            try:
                data += Path(f"{path}{suffix}").read_bytes()
            except FileNotFoundError:
                pass
        return data
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed to check a PostgreSQL dump"
    settings = connection.settings_dict
    return subprocess.run(  # noqa: S603 - fixed arguments, local test database
        [
            pg_dump,
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"] or "postgres",
            settings["NAME"],
        ],
        capture_output=True,
        check=True,
    ).stdout
