"""PostgreSQL: the monthly incomes partitioned by region (ADR 0066, ``komek.common.partitions``).

The table is rebuilt with its rows, ids, sequence, indexes, keys and grants, as the audit log
(common 0007) and the payment lines (payments 0006) were: one partition per region of the country
on the first digits of ``territory`` and a default one. Its unique constraint (one income of a type
and source per person and month) takes ``territory`` in, as PostgreSQL requires; a foreign key on
``(person, territory)`` to the person's ``(id, kato_code)`` holds every income's territory equal to
its person's address, so the constraint with the territory is the constraint without it. The key
cascades on update: when a person moves, the database moves their incomes with them (across
partitions when the region changes). That key also proves the person exists and refuses deleting a
person who has incomes, so the income's plain key to the person goes, as the payment line's to its
assignment did (payments 0007): one check per income written instead of two. Django's state still
holds the field as a foreign key; a later migration of the field must not put the constraint back
on PostgreSQL. Nothing is done on SQLite, where the plain key stays and the registry's service moves
a person's incomes."""

from django.db import migrations

from komek.common import partitions

TABLE = "registry_income"
# The key the foreign key refers to: a person's id with their address (unique as the id is).
PERSON_KEY = "registry_person_id_kato"
GUARD = "income_territory_of_person"


def _plain_keys(schema_editor) -> list[str]:
    """The incomes' foreign keys on ``person_id`` alone (Django's, named by a hash)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, TABLE)
    return [name for name, info in found.items() if info["foreign_key"] and info["columns"] == ["person_id"]]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    partitions.partition(schema_editor, TABLE)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE UNIQUE INDEX {PERSON_KEY} ON registry_person (id, kato_code)")
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {GUARD} FOREIGN KEY (person_id, territory) "
            f"REFERENCES registry_person (id, kato_code) ON UPDATE CASCADE"
        )
        for name in _plain_keys(schema_editor):
            cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {schema_editor.quote_name(name)}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {GUARD}")
        cursor.execute(f"DROP INDEX {PERSON_KEY}")
    partitions.unpartition(schema_editor, TABLE)
    if not _plain_keys(schema_editor):
        model = apps.get_model("registry", "Income")
        field = model._meta.get_field("person")
        schema_editor.execute(schema_editor._create_fk_sql(model, field, "_fk_%(to_table)s_%(to_column)s"))


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0007_audit_partitioned_by_region"),
        ("registry", "0008_income_territory"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
