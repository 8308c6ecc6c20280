"""PostgreSQL: a GIN index of the persons a read row names (``changes -> 'persons'``), so the audit
log page finds the rows of lists and files naming a person without reading the whole log. Nothing
on SQLite (its search reads the JSON in place)."""

from django.db import migrations

INDEX = "audit_changes_persons_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON common_auditlog "
            "USING gin ((changes -> 'persons') jsonb_path_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("common", "0005_app_role")]
    operations = [migrations.RunPython(forwards, backwards)]
