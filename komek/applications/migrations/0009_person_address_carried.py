"""Every row that refers to a person carries the person's registered address beside the key, filled
here for the rows already recorded; on PostgreSQL the keys to the person name it (ADR 0070)."""

from django.db import migrations

from komek.registry.fields import PersonAddress, filled


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0008_case_list_order"),
        ("registry", "0011_memberships_partitioned_by_region"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="applicant_territory",
            field=PersonAddress(of="applicant", default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="intakerefusal",
            name="applicant_territory",
            field=PersonAddress(of="applicant", default=""),
            preserve_default=False,
        ),
        filled(
            ("applications_application", "applicant_id", "applicant_territory"),
            ("applications_intakerefusal", "applicant_id", "applicant_territory"),
        ),
    ]
