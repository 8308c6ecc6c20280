"""The payment line's own foreign key to its assignment and its index on the assignment alone go
(ADR 0064).

- **The index** on ``assignment_id``: every read of lines by assignment is served by the unique index
  ``payment_line_once``, whose first column it is (on both databases); the index only cost one more
  index insertion per line written. Dropped on PostgreSQL and SQLite (Django's state: ``db_index``
  off).
- **The foreign key** ``assignment_id → benefits_assignment(id)``, on PostgreSQL only: the foreign key
  ``payment_line_territory_of_assignment`` on ``(assignment_id, territory)`` to the assignment's
  ``(id, kato_code)`` (payments 0006) already proves it: both columns are ``NOT NULL``, so every line
  it accepts names an assignment that exists, and it refuses the deletion of an assignment that has
  lines. The plain key was a second check of the same row, row by row, at every commit that wrote
  lines. On SQLite, where the composite key does not exist, the plain one stays. Django's state still
  holds the field as a foreign key (its ``ForeignKey`` API is unchanged); a later migration of the
  field must not put the constraint back on PostgreSQL.

Backwards both come back (the key checked against the lines already there)."""

from django.db import migrations, models
from django.db.models import deletion

TABLE = "payments_paymentline"
COLUMN = "assignment_id"
# Django's own name for the index, as ``0001_initial`` made it (kept for the way back).
INDEX = "payments_paymentline_assignment_id_332de0c9"


def _names(schema_editor, **kinds: bool) -> list[str]:
    """The constraints or indexes of the lines on ``assignment_id`` alone, of the kind asked."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, TABLE)
    return [
        name
        for name, info in found.items()
        if info["columns"] == [COLUMN] and all(bool(info.get(k)) == v for k, v in kinds.items())
    ]


def forwards(apps, schema_editor):
    quote = schema_editor.quote_name
    for name in _names(schema_editor, index=True, unique=False, foreign_key=False, primary_key=False):
        schema_editor.execute(f"DROP INDEX {quote(name)}")
    if schema_editor.connection.vendor == "postgresql":
        for name in _names(schema_editor, foreign_key=True):
            schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {quote(name)}")


def backwards(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX {schema_editor.quote_name(INDEX)} ON {TABLE} ({COLUMN})")
    if schema_editor.connection.vendor == "postgresql" and not _names(schema_editor, foreign_key=True):
        model = apps.get_model("payments", "PaymentLine")
        field = model._meta.get_field("assignment")
        schema_editor.execute(schema_editor._create_fk_sql(model, field, "_fk_%(to_table)s_%(to_column)s"))


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0008_assignment_created_index"),
        ("payments", "0006_lines_partitioned_by_region"),
    ]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="paymentline",
                    name="assignment",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=deletion.PROTECT,
                        related_name="+",
                        to="benefits.assignment",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
