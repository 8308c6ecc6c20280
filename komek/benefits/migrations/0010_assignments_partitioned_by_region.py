"""PostgreSQL: the assignments partitioned by region (ADR 0068, ``komek.common.partitions``).

The table is rebuilt with its rows, ids, sequence, indexes, keys and grants, as the audit log, the
payment lines and the monthly incomes were: one partition per region of the country on the first
digits of ``kato_code`` (the beneficiary's address when assigned, fixed from then on) and a default
one. Its primary key takes ``kato_code`` in, as PostgreSQL requires.

A key that refers to a partitioned table must name its partition key, so every key to an
assignment is rewritten here, in the tables of the contexts that hold one: each names the
assignment with its address, which those tables carry (benefits 0009, payments 0008; a payment
list's row has its ``kato_code``, the address its one-time assignment was made at):

- an amount and a suspension, deleted with their assignment as before;
- an overpayment, a payment list's row and an assignment's previous one, which keep their
  assignment from being deleted as before;
- a payment line's key on ``(assignment, territory)`` (payments 0006), now to the primary key,
  so the unique index on ``(id, kato_code)`` made for it goes.

All but the lines' cascade on update: an assignment not yet paid whose address is corrected takes
what refers to it along, as the plain keys on its id let it before; one that is paid keeps its
address, as the lines' key refuses the change (ADR 0057).

Django's state keeps the fields as foreign keys; a later migration of them must not put the plain
keys back. Nothing is done on SQLite, where the plain keys stay."""

from django.db import migrations

from komek.common import partitions

TABLE = "benefits_assignment"
# Made by payments 0006 for the lines' key; the partitioned primary key is the same columns.
ASSIGNMENT_KEY = "benefits_asg_id_kato"
# (table, column, the column naming the assignment's address, key, what a deletion does,
# deferred as Django's keys are, the model that holds the field and the field)
KEYS = [
    ("benefits_assignmentamount", "assignment_id", "territory", "assignment_amount_of_assignment",
     "ON DELETE CASCADE ON UPDATE CASCADE", True, ("benefits", "AssignmentAmount", "assignment")),
    ("benefits_suspension", "assignment_id", "territory", "suspension_of_assignment",
     "ON DELETE CASCADE ON UPDATE CASCADE", True, ("benefits", "Suspension", "assignment")),
    ("payments_overpayment", "assignment_id", "territory", "overpayment_of_assignment",
     "ON UPDATE CASCADE", True, ("payments", "Overpayment", "assignment")),
    ("category_payments_paymentlistrow", "assignment_id", "kato_code", "payment_list_row_of_assignment",
     "ON UPDATE CASCADE", True, ("category_payments", "PaymentListRow", "assignment")),
    ("benefits_assignment", "previous_id", "previous_territory", "assignment_of_previous",
     "ON UPDATE CASCADE", True, ("benefits", "Assignment", "previous")),
    ("payments_paymentline", "assignment_id", "territory", "payment_line_territory_of_assignment",
     "", False, None),
]  # fmt: skip


def _keys_to_assignment(cursor, table: str) -> list[str]:
    """The foreign keys of ``table`` that refer to an assignment."""
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = %s::regclass "
        "AND confrelid = %s::regclass AND conparentid = 0",
        [table, TABLE],
    )
    return [name for (name,) in cursor.fetchall()]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table, *_rest in KEYS:
            for name in _keys_to_assignment(cursor, table):
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        cursor.execute(f"DROP INDEX {ASSIGNMENT_KEY}")
    partitions.partition(schema_editor, TABLE)
    with schema_editor.connection.cursor() as cursor:
        for table, column, territory, name, on_delete, deferred, _field in KEYS:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({column}, {territory}) "
                f"REFERENCES {TABLE} (id, kato_code) {on_delete}"
                + (" DEFERRABLE INITIALLY DEFERRED" if deferred else "")
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, _column, _territory, name, *_rest in KEYS:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    partitions.unpartition(schema_editor, TABLE)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE UNIQUE INDEX {ASSIGNMENT_KEY} ON {TABLE} (id, kato_code)")
        cursor.execute(
            "ALTER TABLE payments_paymentline ADD CONSTRAINT payment_line_territory_of_assignment "
            f"FOREIGN KEY (assignment_id, territory) REFERENCES {TABLE} (id, kato_code)"
        )
    for *_rest, field in KEYS:
        if field is not None:
            app, model_name, field_name = field
            model = apps.get_model(app, model_name)
            schema_editor.execute(
                schema_editor._create_fk_sql(
                    model, model._meta.get_field(field_name), "_fk_%(to_table)s_%(to_column)s"
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0009_assignment_territories"),
        ("payments", "0008_overpayment_territory"),
        ("category_payments", "0001_initial"),
        ("common", "0007_audit_partitioned_by_region"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
