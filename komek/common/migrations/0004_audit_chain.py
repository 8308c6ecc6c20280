"""The audit log becomes a hash chain (ADR 0024): every record gets its position and hashes, the
records already written are chained in the order they were written, and the chain's head and the
counted repeats of refusals get their tables. SQLite rebuilds the table, so the append-only
triggers (now with the one refusing REPLACE) are installed again at the end."""

import django.utils.timezone
from django.db import migrations, models

from komek.common import db_triggers


def chain_existing(apps, schema_editor):
    from komek.common import audit_chain

    connection = schema_editor.connection
    AuditLog = apps.get_model("common", "AuditLog")
    db_triggers.uninstall(connection)
    prev, seq, updates = audit_chain.GENESIS, 0, []
    for row in AuditLog.objects.using(connection.alias).order_by("id").iterator(chunk_size=5000):
        seq += 1
        values = [seq, *(getattr(row, name) for name in audit_chain.FIELDS[1:])]
        prev_hash, prev = prev, audit_chain.row_hash(values, prev)
        updates.append((seq, prev_hash, prev, row.pk))
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE common_auditlog SET seq = %s, prev_hash = %s, row_hash = %s WHERE id = %s", updates
        )
        cursor.execute("INSERT INTO common_auditchainhead (id, seq, row_hash) VALUES (1, %s, %s)", [seq, prev])
    db_triggers.install(connection)


class Migration(migrations.Migration):
    dependencies = [("common", "0003_audit_refusal")]

    operations = [
        migrations.AlterField(
            model_name="auditlog",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="when"
            ),
        ),
        migrations.AddField(
            model_name="auditlog",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="position in the chain"),
        ),
        migrations.AddField(
            model_name="auditlog",
            name="prev_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="hash of the previous record"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditlog",
            name="row_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash of this record"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("seq", models.BigIntegerField(default=0)),
                ("row_hash", models.CharField(max_length=64)),
            ],
            options={"verbose_name": "end of the audit chain"},
        ),
        migrations.CreateModel(
            name="RefusalWindow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=200, verbose_name="what was refused, from where")),
                ("window_start", models.DateTimeField(verbose_name="window from")),
                ("count", models.PositiveIntegerField(default=1, verbose_name="times")),
                ("last_at", models.DateTimeField(verbose_name="last time")),
                ("audit_id", models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name="audit record")),
            ],
            options={
                "verbose_name": "repeated refusal",
                "verbose_name_plural": "repeated refusals",
                "constraints": [
                    models.UniqueConstraint(fields=("key", "window_start"), name="refusal_window_once")
                ],
            },
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditlog",
            name="seq",
            field=models.BigIntegerField(editable=False, unique=True, verbose_name="position in the chain"),
        ),
        migrations.RunPython(lambda apps, se: db_triggers.install(se.connection), migrations.RunPython.noop),
    ]
