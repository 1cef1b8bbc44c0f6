"""Load the shipped counties, municipalities, earlier numbers and national services."""

from django.db import migrations


def forwards(apps, schema_editor):
    from boligplan.agencies.reference import load

    load(
        County=apps.get_model("agencies", "County"),
        Municipality=apps.get_model("agencies", "Municipality"),
        MunicipalityNumberHistory=apps.get_model("agencies", "MunicipalityNumberHistory"),
        Agency=apps.get_model("agencies", "Agency"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
    ]

    operations = [
        # Reversing keeps the rows: the tables go away with 0001 anyway.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
