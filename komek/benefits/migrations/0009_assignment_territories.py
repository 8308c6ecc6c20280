"""The tables that refer to an assignment carry its address: an amount and a suspension its
``kato_code`` as ``territory``, an assignment that continues another the other's as
``previous_territory``. Filled here for the rows already recorded; on PostgreSQL the keys to the
assignment name its partition (0010, ADR 0068)."""

from django.db import migrations, models
from django.db.models import Q

FILL_POSTGRES = [
    "UPDATE benefits_assignmentamount m SET territory = a.kato_code FROM benefits_assignment a "
    "WHERE a.id = m.assignment_id",
    "UPDATE benefits_suspension s SET territory = a.kato_code FROM benefits_assignment a "
    "WHERE a.id = s.assignment_id",
    "UPDATE benefits_assignment n SET previous_territory = p.kato_code FROM benefits_assignment p "
    "WHERE p.id = n.previous_id",
]
FILL = [
    "UPDATE benefits_assignmentamount SET territory = (SELECT a.kato_code FROM benefits_assignment a "
    "WHERE a.id = benefits_assignmentamount.assignment_id)",
    "UPDATE benefits_suspension SET territory = (SELECT a.kato_code FROM benefits_assignment a "
    "WHERE a.id = benefits_suspension.assignment_id)",
    "UPDATE benefits_assignment SET previous_territory = (SELECT p.kato_code FROM benefits_assignment p "
    "WHERE p.id = benefits_assignment.previous_id) WHERE previous_id IS NOT NULL",
]


def fill(apps, schema_editor):
    """Set-based updates: each row takes its assignment's address."""
    postgres = schema_editor.connection.vendor == "postgresql"
    with schema_editor.connection.cursor() as cursor:
        for sql in FILL_POSTGRES if postgres else FILL:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("benefits", "0008_assignment_created_index")]

    operations = [
        migrations.AddField(
            model_name="assignmentamount",
            name="territory",
            field=models.CharField(default="", editable=False, max_length=9, verbose_name="KATO"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="suspension",
            name="territory",
            field=models.CharField(default="", editable=False, max_length=9, verbose_name="KATO"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assignment",
            name="previous_territory",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=9,
                null=True,
                verbose_name="address of the previous assignment (KATO)",
            ),
        ),  # fmt: skip
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.CheckConstraint(
                condition=Q(previous__isnull=True, previous_territory__isnull=True)
                | Q(previous__isnull=False, previous_territory__isnull=False),
                name="assignment_previous_territory",
            ),
        ),
    ]
