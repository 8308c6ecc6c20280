"""PostgreSQL: the audit log partitioned by region (ADR 0053, ``komek.common.partitions``).

The table is rebuilt with its rows, ids, sequence, indexes, triggers and grants: one partition per
region of the country on the first digits of ``territory`` and a default one (rows of no
territory). The chain's head trigger is replaced by the one that keeps positions unique over the
whole log (``komek.common.db_triggers``). Nothing is done on SQLite."""

from django.db import migrations

from komek.common import db_triggers, partitions

TABLE = "common_auditlog"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    partitions.partition(schema_editor, TABLE)
    db_triggers.install(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    partitions.unpartition(schema_editor, TABLE)
    db_triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("common", "0006_audit_persons_index")]
    operations = [migrations.RunPython(forwards, backwards)]
