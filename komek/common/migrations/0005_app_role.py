"""PostgreSQL: the application's role may read and write every table but only insert into and
select from the audit log (ADR 0024, ``komek.common.db_roles``). Nothing to do on SQLite."""

from django.conf import settings
from django.db import migrations

from komek.common import db_roles


def forwards(apps, schema_editor):
    db_roles.grant(schema_editor.connection, settings.KOMEK_APP_DB_ROLE)


class Migration(migrations.Migration):
    dependencies = [("common", "0004_audit_chain")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
