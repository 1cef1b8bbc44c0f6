import boligplan.core.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0002_encrypt_resident_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="resident",
            name="address_protection",
            field=models.CharField(
                choices=[
                    ("UGRADERT", "Ugradert"),
                    ("FORTROLIG", "Fortrolig (tidligere kode 7)"),
                    ("STRENGT_FORTROLIG", "Strengt fortrolig (tidligere kode 6)"),
                    ("STRENGT_FORTROLIG_UTLAND", "Strengt fortrolig, utland"),
                ],
                default="UGRADERT",
                max_length=30,
                verbose_name="adressebeskyttelse",
            ),
        ),
        migrations.AddField(
            model_name="stay",
            name="new_home_address",
            field=boligplan.core.fields.EncryptedTextField(
                blank=True, max_length=200, verbose_name="adresse til ny bolig"
            ),
        ),
    ]
