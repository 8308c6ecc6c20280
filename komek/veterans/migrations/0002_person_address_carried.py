"""Every row that refers to a person carries the person's registered address beside the key, filled
here for the rows already recorded; on PostgreSQL the keys to the person name it (ADR 0070)."""

from django.db import migrations

from komek.registry.fields import PersonAddress, filled


class Migration(migrations.Migration):
    dependencies = [("veterans", "0001_initial"), ("registry", "0011_memberships_partitioned_by_region")]

    operations = [
        migrations.AddField(
            model_name="veteran",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        filled(
            ("veterans_veteran", "person_id", "person_territory"),
        ),
    ]
