"""Encryption at rest for what was there before it: plain rows encrypted in place and back, every
migrated column an encrypted field, the old second-factor devices moved with their clear keys
removed, key rotation over every encrypted column, and the TOTP key column holding ciphertext."""

from django.apps import apps
from django.db import connection

from boligplan.accounts.models import TOTPDevice
from boligplan.core import crypto
from boligplan.core.fields import EncryptedTextField
from tests.security.columns import ROOT, project_models


def test_the_totp_key_column_holds_ciphertext_and_the_device_verifies(kari):
    from django_otp.oath import TOTP

    device = TOTPDevice.objects.create(user=kari, name="app", confirmed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM accounts_totpdevice WHERE id = %s", [device.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith(crypto.PREFIX) and device.key not in stored
    fresh = TOTPDevice.objects.get(pk=device.pk)
    totp = TOTP(fresh.bin_key, fresh.step, fresh.t0, fresh.digits, fresh.drift)
    assert fresh.verify_token(f"{totp.token():06d}")
    assert not fresh.verify_token(f"{totp.token():06d}"), "a code is accepted once"


# --- Rows written before encryption ----------------------------------------------------------


def test_existing_plain_rows_are_encrypted_in_place_and_back(stay, kari):
    from boligplan.residents.models import JournalNote
    from boligplan.residents.services import journal_note_add

    journal_note_add(actor=kari, stay=stay, text="Skrevet før kryptering")
    note = JournalNote.objects.get()
    with connection.cursor() as cursor:  # as an older version of the app stored it
        cursor.execute("UPDATE residents_journalnote SET text = %s", ["Skrevet før kryptering"])

    assert crypto.encrypt_columns(connection, "residents_journalnote", ["text"]) == 1
    assert crypto.encrypt_columns(connection, "residents_journalnote", ["text"]) == 0, "a second run changes nothing"
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM residents_journalnote")
        assert cursor.fetchone()[0].startswith(crypto.PREFIX)
    assert JournalNote.objects.get(pk=note.pk).text == "Skrevet før kryptering"

    crypto.encrypt_columns(connection, "residents_journalnote", ["text"], reverse=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM residents_journalnote")
        assert cursor.fetchone()[0] == "Skrevet før kryptering"


def test_every_migrated_column_is_an_encrypted_field():
    """The data migrations name their tables and columns by hand: each must be a real encrypted column."""
    import importlib

    by_table = {
        model._meta.db_table: {f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)}
        for model in project_models()
    }
    seen = set()
    for path in sorted(ROOT.glob("boligplan/*/migrations/0*.py")):
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for table, columns in getattr(module, "COLUMNS", {}).items():
            for column in columns:
                assert column in by_table.get(table, set()), f"{path.name}: {table}.{column}"
                seen.add((table, column))
    assert ("residents_journalnote", "text") in seen and ("children_child", "first_name") in seen


def test_devices_of_the_old_plugin_are_moved_and_their_clear_keys_removed(kari):
    """An installation upgraded from django-otp's TOTP plugin keeps its devices, now encrypted."""
    import importlib

    migration = importlib.import_module("boligplan.accounts.migrations.0002_totp_device_encrypted_key")
    key = "3132333435363738393031323334353637383930"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE otp_totp_totpdevice (id integer PRIMARY KEY, user_id integer, name varchar(64), "
            "confirmed boolean, key varchar(80), step integer, t0 bigint, digits integer, tolerance integer, "
            "drift integer, last_t bigint, throttling_failure_timestamp timestamp NULL, "
            "throttling_failure_count integer)"
        )
        cursor.execute(
            "INSERT INTO otp_totp_totpdevice VALUES (7, %s, 'app', %s, %s, 30, 0, 6, 1, 0, 55, NULL, 2)",
            [kari.pk, True, key],
        )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.move_devices_from_plugin(apps, editor)

    device = TOTPDevice.objects.get(user=kari)
    assert (device.key, device.name, device.confirmed, device.last_t, device.throttling_failure_count) == (
        key,
        "app",
        True,
        55,
        2,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM otp_totp_totpdevice")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT key FROM accounts_totpdevice")
        assert cursor.fetchone()[0].startswith(crypto.PREFIX)


def test_key_rotation_covers_the_new_columns_and_the_totp_secret(stay, kari, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from boligplan.residents.models import JournalNote
    from boligplan.residents.services import journal_note_add

    journal_note_add(actor=kari, stay=stay, text="Roteres med")
    device = TOTPDevice.objects.create(user=kari, name="app", confirmed=True)
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]

    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone: everything still reads
    assert JournalNote.objects.get().text == "Roteres med"
    assert TOTPDevice.objects.get(pk=device.pk).key == device.key


def test_no_installed_otp_device_keeps_its_secret_in_clear():
    """django-otp's TOTP plugin stores the key in clear; importing its model would register it
    quietly next to ours. Every device model with a secret key must encrypt it."""
    from django_otp.models import Device

    devices = [m for m in apps.get_models() if issubclass(m, Device)]
    assert TOTPDevice in devices
    clear = [
        m._meta.label
        for m in devices
        if any(f.name in ("key", "secret") and not isinstance(f, EncryptedTextField) for f in m._meta.concrete_fields)
    ]
    assert not clear, clear
    assert not apps.is_installed("django_otp.plugins.otp_totp")
