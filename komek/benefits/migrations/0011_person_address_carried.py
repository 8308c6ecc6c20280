"""Every row that refers to a person carries the person's registered address beside the key, filled
here for the rows already recorded; on PostgreSQL the keys to the person name it (ADR 0070)."""

from django.db import migrations

from komek.registry.fields import PersonAddress, filled


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0010_assignments_partitioned_by_region"),
        ("registry", "0011_memberships_partitioned_by_region"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="person_territory",
            field=PersonAddress(null=True, blank=True),
        ),
        migrations.AddField(
            model_name="assignment",
            name="recipient_territory",
            field=PersonAddress(of="recipient", default=""),
            preserve_default=False,
        ),
        filled(
            ("benefits_assignment", "person_id", "person_territory"),
            ("benefits_assignment", "recipient_id", "recipient_territory"),
        ),
    ]
