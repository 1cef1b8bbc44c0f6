import boligplan.core.fields
from django.db import migrations


def encrypt_existing_names(apps, schema_editor):
    """Names stored before encryption are encrypted in place; already encrypted ones are left."""
    from boligplan.core import crypto

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, display_name FROM residents_resident")
        rows = cursor.fetchall()
        for pk, name in rows:
            if name and not name.startswith(crypto.PREFIX):
                cursor.execute(
                    "UPDATE residents_resident SET display_name = %s WHERE id = %s", [crypto.encrypt(name), pk]
                )


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="resident",
            options={"ordering": ["created_at"]},
        ),
        migrations.AlterField(
            model_name="resident",
            name="display_name",
            field=boligplan.core.fields.EncryptedTextField(max_length=120, verbose_name="navn eller initialer"),
        ),
        migrations.RunPython(encrypt_existing_names, migrations.RunPython.noop),
    ]
