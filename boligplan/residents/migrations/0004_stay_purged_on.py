from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0003_address_protection"),
    ]

    operations = [
        migrations.AddField(
            model_name="stay",
            name="purged_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
    ]
