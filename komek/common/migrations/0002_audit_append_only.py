from django.db import migrations

from komek.common import db_triggers


def forwards(apps, schema_editor):
    db_triggers.install(schema_editor.connection)


def backwards(apps, schema_editor):
    db_triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
