"""An income's territory is the person's address as every key to a person carries it (ADR 0070):
the same column, now the registry's field that fills itself and follows a move on SQLite. No change
to the database."""

from django.db import migrations

from komek.registry.fields import PersonAddress


class Migration(migrations.Migration):
    dependencies = [("registry", "0013_persons_partitioned_by_region")]

    # The column is the same (nine characters, required): Django's state alone changes, so SQLite
    # does not rebuild the table for it.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="income", name="territory", field=PersonAddress()),
            ]
        )
    ]
