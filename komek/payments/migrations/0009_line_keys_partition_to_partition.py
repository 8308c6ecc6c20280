"""PostgreSQL: each payment line's key to its assignment made partition to partition (ADR 0072).

The key ``payment_line_territory_of_assignment`` on ``(assignment_id, territory)`` to the
assignment's ``(id, kato_code)`` (payments 0006) referred to the partitioned assignments: every
line's check locked and searched an append of their 21 partitions. Both tables are partitioned by
region on those columns, on the same bounds, so a line of a region can only refer to an assignment
of the same region: each partition of the lines now has the key to the assignments' partition of
its region (``payment_line_territory_of_assignment_r35`` and so on, ``_other`` for the default
partitions), which refuses and allows exactly the rows the one key did. Nothing is done on
SQLite."""

from django.db import migrations

from komek.common import partitions

TABLE = "payments_paymentline"


def forwards(apps, schema_editor):
    partitions.pair_keys(schema_editor, TABLE)


def backwards(apps, schema_editor):
    partitions.unpair_keys(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0011_person_address_carried"),
        ("payments", "0008_overpayment_territory"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
