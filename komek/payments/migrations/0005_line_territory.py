"""Each payment line carries its assignment's address (``territory``), filled here for the lines
already written: the key the lines are partitioned on by region on PostgreSQL (0006, ADR 0057)."""

from django.db import migrations, models

FILL_POSTGRES = """
    UPDATE payments_paymentline l SET territory = a.kato_code
    FROM benefits_assignment a WHERE a.id = l.assignment_id
"""
FILL = """
    UPDATE payments_paymentline SET territory = (
        SELECT a.kato_code FROM benefits_assignment a WHERE a.id = payments_paymentline.assignment_id
    )
"""


def fill(apps, schema_editor):
    """One set-based update: the lines' territory is their assignment's address."""
    postgres = schema_editor.connection.vendor == "postgresql"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL_POSTGRES if postgres else FILL)


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0001_initial"),
        ("payments", "0004_payroll_by_address"),
    ]

    operations = [
        migrations.AddField(
            model_name="paymentline",
            name="territory",
            field=models.CharField(default="", max_length=9, verbose_name="KATO"),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
