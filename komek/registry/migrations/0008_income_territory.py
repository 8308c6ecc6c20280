"""Each monthly income carries its person's registered address (``territory``), filled here for the
incomes already recorded: the key the incomes are partitioned on by region on PostgreSQL (0009,
ADR 0066)."""

from django.db import migrations, models

FILL_POSTGRES = """
    UPDATE registry_income i SET territory = p.kato_code
    FROM registry_person p WHERE p.id = i.person_id
"""
FILL = """
    UPDATE registry_income SET territory = (
        SELECT p.kato_code FROM registry_person p WHERE p.id = registry_income.person_id
    )
"""


def fill(apps, schema_editor):
    """One set-based update: an income's territory is its person's address."""
    postgres = schema_editor.connection.vendor == "postgresql"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL_POSTGRES if postgres else FILL)


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_unitsummary")]

    operations = [
        migrations.AddField(
            model_name="income",
            name="territory",
            field=models.CharField(
                default="", editable=False, max_length=9, verbose_name="registered address (KATO)"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
