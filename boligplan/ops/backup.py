"""Backing up and restoring the database, SQLite or PostgreSQL.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`), never a file copy: a copy of a
live file can catch a write half-done, and misses what is still in the -wal file. One backup step
copies the whole database from one consistent snapshot; in WAL mode writers go on meanwhile.
Restoring uses the same API the other way round, so the target is replaced in one step and any
other connection sees either the old or the new database, never a mixture.

PostgreSQL: `pg_dump -Fc` (consistent snapshot, custom format) and `pg_restore --clean
--single-transaction` into a database that should be fresh: a failed restore changes nothing.
Credentials go to the client tools through the environment (PGPASSWORD), never the command line.

Backups may be encrypted with BACKUP_ENCRYPTION_KEY (see encryption.py). Files are written
under a temporary name and renamed when complete, readable by their owner only.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess  # pg_dump/pg_restore only, fixed argument lists, never a shell  # nosec B404
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from . import encryption
from .fingerprint import database_fingerprint, database_named
from .roles import owner_problem, role_facts

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
DEFAULT_DIRECTORY = Path(settings.BASE_DIR) / "var" / "backups"
PG_TIMEOUT_SECONDS = 6 * 60 * 60
_COPY_CHUNK = 1 << 20
# A backup file is one self-contained file (DELETE); a restored live database runs in WAL.
_JOURNAL_MODES = {"DELETE": "PRAGMA journal_mode=DELETE", "WAL": "PRAGMA journal_mode=WAL"}


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why (never a secret)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    encrypted: bool
    size: int


@dataclass(frozen=True)
class RestoreResult:
    target: str
    vendor: str
    tables: int
    rows: int


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups are not supported for {vendor}")
    return vendor


def default_backup_path(vendor: str, *, encrypted: bool) -> Path:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".sqlite3" if vendor == "sqlite" else ".pgdump"
    return DEFAULT_DIRECTORY / f"boligplan-{vendor}-{stamp}{suffix}{'.enc' if encrypted else ''}"


def database_label(using: str = DEFAULT_DB_ALIAS) -> str:
    """Which database this is, for messages: a file path or a database name (no credentials)."""
    settings_dict = connections[using].settings_dict
    if connections[using].vendor == "sqlite":
        return str(settings_dict["NAME"])
    host = settings_dict.get("HOST") or "localhost"
    return f"{settings_dict['NAME']} on {host}"


@contextmanager
def _private_file(final: Path) -> Iterator[Path]:
    """A temporary path beside `final` (owner-only), renamed to `final` only on success."""
    final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".partial")
    os.close(descriptor)  # mkstemp creates it with mode 0600
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def _private_directory(near: Path) -> Iterator[Path]:
    """An owner-only scratch directory on the same file system as `near`, removed afterwards."""
    near.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=near, prefix=".boligplan-") as name:
        yield Path(name)


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_path(using: str, target: str | None = None) -> Path:
    name = target or str(connections[using].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(name)


def _integrity_problem(connection: sqlite3.Connection) -> str | None:
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    return None if rows == ["ok"] else "; ".join(rows[:5])


def sqlite_copy(source: Path, target: Path, *, journal_mode: str) -> None:
    """Copy a SQLite database with the online backup API, then check the copy."""
    if not source.exists():
        raise BackupError(f"no SQLite database at {source}")
    src = sqlite3.connect(source, timeout=60)
    try:
        dst = sqlite3.connect(target, timeout=60)
        try:
            # pages=-1: everything in one step, from one snapshot (WAL readers do not block writers).
            src.backup(dst, pages=-1)
            dst.execute(_JOURNAL_MODES[journal_mode])
            problem = _integrity_problem(dst)
            if problem:
                raise BackupError(f"the copy failed SQLite's integrity check: {problem}")
        finally:
            dst.close()
    finally:
        src.close()


def _sqlite_backup(using: str, output: Path, fernet) -> None:
    source = _sqlite_path(using)
    with _private_file(output) as partial:
        if fernet is None:
            sqlite_copy(source, partial, journal_mode="DELETE")
            return
        with _private_directory(output.parent) as scratch:
            plain = scratch / "backup.sqlite3"
            sqlite_copy(source, plain, journal_mode="DELETE")
            with open(plain, "rb") as src, open(partial, "wb") as dst:
                encryption.encrypt_file(src, dst, fernet)


def _sqlite_restore(plain: Path, target: Path) -> None:
    check = sqlite3.connect(plain)
    try:
        problem = _integrity_problem(check)
        if problem:
            raise BackupError(f"the backup fails SQLite's integrity check: {problem}")
        if not check.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone():
            raise BackupError("the backup is a SQLite database, but not one of Boligplan's")
    finally:
        check.close()
    if not target.parent.is_dir():
        raise BackupError(f"no directory {target.parent} for the restored database")
    sqlite_copy(plain, target, journal_mode="WAL")


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def _pg_environment(using: str, database: str | None = None) -> dict[str, str]:
    settings_dict = connections[using].settings_dict
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": database or settings_dict.get("NAME"),
    }
    options = settings_dict.get("OPTIONS", {})
    for option, variable in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ]:
        values[variable] = options.get(option)
    env.update({key: str(value) for key, value in values.items() if value not in (None, "")})
    return env


def _pg_backup(using: str, output: Path, fernet) -> None:
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-password", "--lock-wait-timeout=120s"]
    with _private_file(output) as partial, open(partial, "wb") as out, tempfile.TemporaryFile() as errors:
        sink = out if fernet is None else encryption.EncryptingWriter(out, fernet)
        # The dump streams through us, so an encrypted backup never exists in plain text on disk.
        process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell  # nosec B603
            command, stdout=subprocess.PIPE, stderr=errors, env=_pg_environment(using)
        )
        try:
            while chunk := process.stdout.read(_COPY_CHUNK):
                sink.write(chunk)
            returncode = process.wait(timeout=PG_TIMEOUT_SECONDS)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise BackupError(f"pg_dump failed (exit {returncode}): {message}")
        if fernet is not None:
            sink.close()


def _pg_restore(using: str, plain: Path, database: str) -> None:
    command = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        "--dbname",
        database,
        str(plain),
    ]
    result = subprocess.run(  # noqa: S603 - fixed argument list, no shell  # nosec B603
        command,
        capture_output=True,
        env=_pg_environment(using, database),
        timeout=PG_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"pg_restore failed (exit {result.returncode}); nothing was changed: {message}")


MAINTENANCE_DATABASE = "postgres"


def create_database(name: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """PostgreSQL: create an empty database on the same server (a fresh target for a restore)."""
    with database_named(MAINTENANCE_DATABASE, using=using) as server, server.cursor() as cursor:
        cursor.execute("CREATE DATABASE " + server.ops.quote_name(name))


def drop_database(name: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """PostgreSQL: drop a database, closing whatever connections it still has."""
    with database_named(MAINTENANCE_DATABASE, using=using) as server, server.cursor() as cursor:
        cursor.execute("DROP DATABASE IF EXISTS " + server.ops.quote_name(name) + " WITH (FORCE)")


# --- The two operations -----------------------------------------------------------------------


def backup_database(*, using: str = DEFAULT_DB_ALIAS, output: Path | None = None) -> BackupResult:
    """Write a backup of the database; encrypted when BACKUP_ENCRYPTION_KEY is set."""
    vendor = _vendor(using)
    try:
        fernet = encryption.keys_from_environment()
    except encryption.BackupKeyError as exc:
        raise BackupError(str(exc)) from exc
    output = Path(output) if output else default_backup_path(vendor, encrypted=fernet is not None)
    if output.exists():
        raise BackupError(f"{output} exists already; a backup never overwrites a file")
    if vendor == "sqlite":
        _sqlite_backup(using, output, fernet)
    else:
        # pg_dump as a role that row-level security binds stops at the first shelter table
        # with a hint about NO FORCE that must not be followed; say what is wrong instead.
        _require_owner(using, "A PostgreSQL backup")
        _pg_backup(using, output, fernet)
    return BackupResult(path=output, vendor=vendor, encrypted=fernet is not None, size=output.stat().st_size)


def _require_owner(using: str, job: str) -> None:
    problem = owner_problem(role_facts(using), job=job)
    if problem:
        raise BackupError(problem)


def _backup_kind(head: bytes) -> str:
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    return "unknown"


@contextmanager
def _plain_backup(source: Path, scratch_near: Path) -> Iterator[tuple[Path, str]]:
    """The backup as a plain file (decrypted into a private scratch directory if need be)."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    if not encryption.is_encrypted(source):
        with open(source, "rb") as handle:
            yield source, _backup_kind(handle.read(16))
        return
    try:
        fernet = encryption.keys_from_environment()
    except encryption.BackupKeyError as exc:
        raise BackupError(str(exc)) from exc
    if fernet is None:
        raise BackupError(f"the backup is encrypted; set {encryption.KEY_ENV} to the key it was made with")
    with _private_directory(scratch_near) as scratch:
        plain = scratch / "backup.plain"
        try:
            with open(source, "rb") as src, open(plain, "wb") as dst:
                encryption.decrypt_file(src, dst, fernet)
        except (encryption.BackupKeyError, encryption.BackupDamagedError) as exc:
            raise BackupError(f"cannot decrypt the backup: {exc}") from exc
        with open(plain, "rb") as handle:
            kind = _backup_kind(handle.read(16))
        yield plain, kind


def restore_target(*, using: str = DEFAULT_DB_ALIAS, target: str | None = None) -> str:
    """The database a restore would replace: a SQLite file path or a PostgreSQL database name."""
    if _vendor(using) == "sqlite":
        return str(_sqlite_path(using, target))
    return target or str(connections[using].settings_dict["NAME"])


def restore_database(
    *, source: Path, using: str = DEFAULT_DB_ALIAS, target: str | None = None, create: bool = False
) -> RestoreResult:
    """Replace the target database (by default the configured one) with the backup's content.

    create: PostgreSQL only, create the target database first (it must not exist yet). The
    backup is opened and checked before that, so a wrong key or a damaged file creates nothing.
    """
    vendor = _vendor(using)
    source = Path(source)
    name = restore_target(using=using, target=target)
    if create and vendor == "sqlite" and Path(name).exists():
        raise BackupError(f"{name} exists already; leave out --create to replace it")
    # Decrypted data is kept beside the backup it came from (the same care applies to both).
    scratch_near = source.parent if os.access(source.parent, os.W_OK) else Path(tempfile.gettempdir())
    with _plain_backup(source, scratch_near) as (plain, kind):
        if kind != vendor:
            found = {"unknown": "not a Boligplan backup"}.get(kind, f"a {kind} backup")
            raise BackupError(f"cannot restore into {vendor}: the file is {found}")
        if vendor == "sqlite":
            # Django's own connection must not hold the file open across the swap.
            connections[using].close()
            _sqlite_restore(plain, Path(name))
        else:
            _require_owner(using, "A PostgreSQL restore")
            if create:
                create_database(name, using=using)
            try:
                _pg_restore(using, plain, name)
            except BaseException:
                if create:  # leave no empty database behind that looks like a restored one
                    drop_database(name, using=using)
                raise
    with database_named(name, using=using) as restored:
        if vendor == "postgresql":
            with restored.cursor() as cursor:
                cursor.execute("ANALYZE")  # pg_restore leaves the planner without statistics
        counts = database_fingerprint(restored, counts_only=True)
    return RestoreResult(target=name, vendor=vendor, tables=len(counts.tables), rows=counts.total_rows)
