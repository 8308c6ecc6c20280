from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from komek.benefits.banks import banks_load

    banks_load(apps.get_model("benefits", "Bank"))


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
