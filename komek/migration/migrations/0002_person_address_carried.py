"""Every row that refers to a person carries the person's registered address beside the key, filled
here for the rows already recorded; on PostgreSQL the keys to the person name it (ADR 0070)."""

import django.db.models.deletion
from django.db import migrations, models

from komek.registry.fields import PersonAddress, filled


class Migration(migrations.Migration):
    dependencies = [("migration", "0001_initial"), ("registry", "0011_memberships_partitioned_by_region")]

    operations = [
        # The members' table Django made for the many-to-many becomes a model of its own, with the
        # same table, columns and keys, so that it can carry the member's address.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="KandasMember",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kandasstatus",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="migration.kandasstatus",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="registry.person",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "family members",
                        "verbose_name_plural": "family members",
                        "db_table": "migration_kandasstatus_members",
                        "unique_together": {("kandasstatus", "person")},
                    },
                ),
                migrations.AlterField(
                    model_name="kandasstatus",
                    name="members",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="kandas_member_of",
                        through="migration.KandasMember",
                        to="registry.person",
                        verbose_name="family members",
                    ),
                ),
            ]
        ),
        migrations.AddField(
            model_name="consultation",
            name="person_territory",
            field=PersonAddress(null=True, blank=True),
        ),
        migrations.AddField(
            model_name="invitation",
            name="inviter_territory",
            field=PersonAddress(of="inviter", default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="kandasmember",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="kandasstatus",
            name="person_territory",
            field=PersonAddress(default=""),
            preserve_default=False,
        ),
        filled(
            ("migration_consultation", "person_id", "person_territory"),
            ("migration_invitation", "inviter_id", "inviter_territory"),
            ("migration_kandasstatus_members", "person_id", "person_territory"),
            ("migration_kandasstatus", "person_id", "person_territory"),
        ),
    ]
