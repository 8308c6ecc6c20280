"""Every row that refers to a person carries the person's registered address beside the key, filled
here for the rows already recorded; on PostgreSQL the keys to the person name it (ADR 0070)."""

from django.db import migrations

from komek.registry.fields import PersonAddress, filled


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_coderequest"), ("registry", "0011_memberships_partitioned_by_region")]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="signincode",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        filled(
            ("portal_outboxmessage", "person_id", "person_territory"),
            ("portal_signincode", "person_id", "person_territory"),
        ),
    ]
