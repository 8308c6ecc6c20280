"""Search key index in byte order: serves the prefix range and the ORDER BY of person search.

PostgreSQL: an expression index on ``search_key COLLATE "C"`` (the column keeps the database
collation); SQLite: its default BINARY collation is already byte order.
"""

from django.db import migrations

CREATE = {
    "postgresql": 'CREATE INDEX person_search_key_c_idx ON registry_person ((search_key COLLATE "C"), id)',
    "sqlite": "CREATE INDEX person_search_key_c_idx ON registry_person (search_key, id)",
}


def create(apps, schema_editor):
    sql = CREATE.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS person_search_key_c_idx")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_drop_duplicate_indexes")]

    operations = [
        migrations.RemoveIndex(model_name="person", name="person_search_key_idx"),
        migrations.RunPython(create, drop),
    ]
