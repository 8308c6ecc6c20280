"""Every row that refers to a person carries the person's registered address beside the key, filled
here for the rows already recorded; on PostgreSQL the keys to the person name it (ADR 0070)."""

from django.db import migrations

from komek.registry.fields import PersonAddress, filled


class Migration(migrations.Migration):
    dependencies = [
        ("commissions", "0002_commission_kinds"),
        ("registry", "0011_memberships_partitioned_by_region"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        filled(
            ("commissions_case", "person_id", "person_territory"),
        ),
    ]
