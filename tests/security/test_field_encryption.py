"""The resident's name is encrypted at rest: neither the SQLite file nor a PostgreSQL dump shows it."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from boligplan.core import crypto
from boligplan.residents.models import Resident
from tests.security.dump import database_bytes

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
    data = database_bytes()
    where = "file" if connection.vendor == "sqlite" else "dump"
    assert crypto.PREFIX.encode() in data, f"the row itself must be in the {where}"
    assert needle not in data


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
