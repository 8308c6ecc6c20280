"""Every row that refers to a person carries the person's registered address beside the key, filled
here for the rows already recorded; on PostgreSQL the keys to the person name it (ADR 0070)."""

from django.db import migrations

from komek.registry.fields import PersonAddress, filled


class Migration(migrations.Migration):
    dependencies = [
        ("employment", "0007_microfinance_beside_training_lists"),
        ("registry", "0011_memberships_partitioned_by_region"),
    ]

    operations = [
        migrations.AddField(
            model_name="activationitem",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="contestentry",
            name="person_territory",
            field=PersonAddress(null=True, blank=True),
        ),
        migrations.AddField(
            model_name="exchangeapplicant",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="jobseeker",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="microcreditreferral",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="participation",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="statuscase",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="tipoenrolment",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="youthparticipation",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        filled(
            ("employment_activationitem", "person_id", "person_territory"),
            ("employment_contestentry", "person_id", "person_territory"),
            ("employment_exchangeapplicant", "person_id", "person_territory"),
            ("employment_jobseeker", "person_id", "person_territory"),
            ("employment_microcreditreferral", "person_id", "person_territory"),
            ("employment_participation", "person_id", "person_territory"),
            ("employment_statuscase", "person_id", "person_territory"),
            ("employment_tipoenrolment", "person_id", "person_territory"),
            ("employment_youthparticipation", "person_id", "person_territory"),
        ),
    ]
