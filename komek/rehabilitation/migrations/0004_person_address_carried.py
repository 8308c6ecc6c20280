"""Every row that refers to a person carries the person's registered address beside the key, filled
here for the rows already recorded; on PostgreSQL the keys to the person name it (ADR 0070)."""

from django.db import migrations

from komek.registry.fields import PersonAddress, filled


class Migration(migrations.Migration):
    dependencies = [
        ("rehabilitation", "0003_stay_queues"),
        ("registry", "0011_memberships_partitioned_by_region"),
    ]

    operations = [
        migrations.AddField(
            model_name="careenrolment",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="entitlement",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="hoursrecord",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ipr",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="issue",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="placement",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="projectbeneficiary",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="queueentry",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="specialstay",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="voucher",
            name="person_territory",
            field=PersonAddress(null=True, blank=True),
        ),
        filled(
            ("rehabilitation_careenrolment", "person_id", "person_territory"),
            ("rehabilitation_entitlement", "person_id", "person_territory"),
            ("rehabilitation_hoursrecord", "person_id", "person_territory"),
            ("rehabilitation_ipr", "person_id", "person_territory"),
            ("rehabilitation_issue", "person_id", "person_territory"),
            ("rehabilitation_placement", "person_id", "person_territory"),
            ("rehabilitation_projectbeneficiary", "person_id", "person_territory"),
            ("rehabilitation_queueentry", "person_id", "person_territory"),
            ("rehabilitation_specialstay", "person_id", "person_territory"),
            ("rehabilitation_voucher", "person_id", "person_territory"),
        ),
    ]
