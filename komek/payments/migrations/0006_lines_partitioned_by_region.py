"""PostgreSQL: the payment lines partitioned by region (ADR 0057, ``komek.common.partitions``).

The table is rebuilt with its rows, ids, sequence, indexes, keys and grants, as the audit log was
(common 0007): one partition per region of the country on the first digits of ``territory`` and a
default one. Its unique constraints against paying twice take ``territory`` in as PostgreSQL
requires; a foreign key on ``(assignment, territory)`` to the assignment's ``(id, kato_code)`` holds
every line's territory equal to its assignment's address, and that address unchanged once a line
refers to it, so the constraints with the territory are the constraints without it (ADR 0057).
Nothing is done on SQLite."""

from django.db import migrations

from komek.common import partitions

TABLE = "payments_paymentline"
# The key the foreign key refers to: an assignment's id with its address (unique as the id is).
ASSIGNMENT_KEY = "benefits_asg_id_kato"
GUARD = "payment_line_territory_of_assignment"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    partitions.partition(schema_editor, TABLE)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE UNIQUE INDEX {ASSIGNMENT_KEY} ON benefits_assignment (id, kato_code)")
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {GUARD} FOREIGN KEY (assignment_id, territory) "
            f"REFERENCES benefits_assignment (id, kato_code)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {GUARD}")
        cursor.execute(f"DROP INDEX {ASSIGNMENT_KEY}")
    partitions.unpartition(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0008_assignment_created_index"),
        ("common", "0007_audit_partitioned_by_region"),
        ("payments", "0005_line_territory"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
