"""Each membership carries its family's address (``territory``), filled here for the memberships
already recorded: the key the memberships are partitioned on by region on PostgreSQL (0011,
ADR 0069)."""

from django.db import migrations, models

FILL_POSTGRES = """
    UPDATE registry_membership m SET territory = f.kato_code
    FROM registry_family f WHERE f.id = m.family_id
"""
FILL = """
    UPDATE registry_membership SET territory = (
        SELECT f.kato_code FROM registry_family f WHERE f.id = registry_membership.family_id
    )
"""


def fill(apps, schema_editor):
    """One set-based update: a membership's territory is its family's address."""
    postgres = schema_editor.connection.vendor == "postgresql"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL_POSTGRES if postgres else FILL)


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_incomes_partitioned_by_region")]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="territory",
            field=models.CharField(
                default="", editable=False, max_length=9, verbose_name="family's address (KATO)"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
