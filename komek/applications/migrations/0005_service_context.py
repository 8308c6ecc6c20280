"""Which context carries each service out, and the catalogue reloaded: the services of the
employment centre and of rehabilitation, and each service's programmes derived from the programmes'
own ``service``."""

from typing import Any

from django.db import migrations, models


def load(apps: Any, schema_editor: Any) -> None:
    from komek.applications.services.catalogue import catalogue_load

    catalogue_load(apps)


class Migration(migrations.Migration):
    dependencies = [("applications", "0004_housing_receipts")]

    operations = [
        migrations.AddField(
            model_name="service",
            name="context",
            field=models.CharField(
                choices=[
                    ("applications", "State services"),
                    ("employment", "Employment centre"),
                    ("rehabilitation", "Rehabilitation"),
                ],
                default="applications",
                max_length=16,
                verbose_name="carried out by",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
