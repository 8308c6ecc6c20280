"""An overpayment carries its assignment's address (``territory``), filled here for those already
booked: on PostgreSQL the key to the assignment names its partition (benefits 0010, ADR 0068)."""

from django.db import migrations, models

FILL_POSTGRES = (
    "UPDATE payments_overpayment o SET territory = a.kato_code FROM benefits_assignment a "
    "WHERE a.id = o.assignment_id"
)
FILL = (
    "UPDATE payments_overpayment SET territory = (SELECT a.kato_code FROM benefits_assignment a "
    "WHERE a.id = payments_overpayment.assignment_id)"
)


def fill(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL_POSTGRES if postgres else FILL)


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0009_assignment_territories"),
        ("payments", "0007_line_assignment_key_implied"),
    ]

    operations = [
        migrations.AddField(
            model_name="overpayment",
            name="territory",
            field=models.CharField(default="", editable=False, max_length=9, verbose_name="KATO"),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
