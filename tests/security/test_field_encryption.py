"""The resident's name is encrypted at rest: neither the SQLite file nor a PostgreSQL dump shows it."""

import shutil
import subprocess

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from boligplan.core import crypto
from boligplan.residents.models import Resident

CANARY = "Kanari Fuglesang-Hemmelig"


def raw_name(resident) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT display_name FROM residents_resident WHERE id = %s",
            [resident.pk.hex if connection.vendor == "sqlite" else resident.pk],
        )
        return cursor.fetchone()[0]


def test_the_orm_gives_plaintext_and_the_column_holds_ciphertext(shelter):
    resident = Resident.objects.create(shelter=shelter, display_name=CANARY, birth_year=1990)
    assert Resident.objects.get(pk=resident.pk).display_name == CANARY
    stored = raw_name(resident)
    assert stored.startswith(crypto.PREFIX)
    assert CANARY not in stored


@pytest.mark.django_db(transaction=True)
def test_database_file_or_dump_does_not_contain_the_name(shelter, tmp_path):
    Resident.objects.create(shelter=shelter, display_name=CANARY, birth_year=1990)
    needle = CANARY.encode()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = connection.settings_dict["NAME"]
        data = b""
        for suffix in ("", "-wal"):
            try:
                with open(f"{path}{suffix}", "rb") as handle:
                    data += handle.read()
            except FileNotFoundError:
                pass
        assert crypto.PREFIX.encode() in data, "the row itself must be in the file"
        assert needle not in data
    else:
        pg_dump = shutil.which("pg_dump")
        assert pg_dump, "pg_dump is needed to check a PostgreSQL dump"
        settings = connection.settings_dict
        dump = subprocess.run(  # noqa: S603 - fixed arguments, local test database
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
        assert crypto.PREFIX.encode() in dump, "the row itself must be in the dump"
        assert needle not in dump


def test_rotation_moves_every_name_to_the_newest_key(shelter, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    resident = Resident.objects.create(shelter=shelter, display_name=CANARY, birth_year=1990)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]  # newest first; the old one still reads

    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    assert Resident.objects.get(pk=resident.pk).display_name == CANARY


def test_a_missing_key_is_a_clear_configuration_error(shelter, settings):
    from django.core.exceptions import ImproperlyConfigured

    resident = Resident.objects.create(shelter=shelter, display_name=CANARY, birth_year=1990)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured):
        Resident.objects.get(pk=resident.pk)
