"""Every row that refers to a person carries the person's registered address beside the key, filled
here for the rows already recorded; on PostgreSQL the keys to the person name it (ADR 0070)."""

from django.db import migrations

from komek.registry.fields import PersonAddress, filled


class Migration(migrations.Migration):
    dependencies = [("registry", "0011_memberships_partitioned_by_region")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="person_territory",
            field=PersonAddress(null=True, blank=True),
        ),
        migrations.AddField(
            model_name="membership",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="personstatus",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        filled(
            ("registry_document", "person_id", "person_territory"),
            ("registry_membership", "person_id", "person_territory"),
            ("registry_personstatus", "person_id", "person_territory"),
        ),
    ]
