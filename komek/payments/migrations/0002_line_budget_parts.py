# Payment lines carry their parts per budget source; payrolls their totals per source, and one
# payroll per month, programme and department from now on (its budget_source left empty).
#
# A line made before was paid from its payroll's one source: all of it is that source's part. Of
# the payrolls of one month, programme and department (one per source until now), the first keeps
# its rows and becomes the payroll of every source; the others keep their source, so that approved
# payrolls, the registries sent and the return files stay exactly as they were.

import django.db.models.lookups
from django.db import migrations, models

_SOURCE = "(SELECT p.budget_source FROM payments_payroll p WHERE p.id = payments_paymentline.payroll_id)"
_BACKFILL = [
    f"""
    UPDATE payments_paymentline SET
        republican = CASE WHEN {_SOURCE} = 'republican' THEN amount ELSE 0 END,
        regional = CASE WHEN {_SOURCE} = 'regional' THEN amount ELSE 0 END,
        local = CASE WHEN {_SOURCE} IN ('republican', 'regional') THEN 0 ELSE amount END
    """,
    # One statement per table: on PostgreSQL a row updated twice in the transaction queues its
    # foreign-key checks, and the constraints added next would find them pending.
    """
    UPDATE payments_payroll SET
        total_republican = CASE WHEN budget_source = 'republican' THEN total_amount ELSE 0 END,
        total_regional = CASE WHEN budget_source = 'regional' THEN total_amount ELSE 0 END,
        total_local = CASE WHEN budget_source IN ('republican', 'regional') THEN 0 ELSE total_amount END,
        budget_source = CASE
            WHEN id = (SELECT MIN(q.id) FROM payments_payroll q WHERE q.month = payments_payroll.month
                       AND q.programme = payments_payroll.programme
                       AND q.territory = payments_payroll.territory) THEN ''
            ELSE budget_source END
    """,
]


def _part(name, label):
    return migrations.AddField(
        model_name="paymentline",
        name=name,
        field=models.BigIntegerField(default=0, verbose_name=label),
        preserve_default=False,
    )


def _total(name, label):
    return migrations.AddField(
        model_name="payroll",
        name=name,
        field=models.BigIntegerField(default=0, verbose_name=label),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
    ]

    operations = [
        _part("republican", "republican budget, tenge"),
        _part("regional", "regional budget, tenge"),
        _part("local", "local budget, tenge"),
        _total("total_republican", "republican budget, tenge"),
        _total("total_regional", "regional budget, tenge"),
        _total("total_local", "local budget, tenge"),
        migrations.AlterField(
            model_name="payroll",
            name="budget_source",
            field=models.CharField(blank=True, default="", max_length=12, verbose_name="budget source"),
        ),
        migrations.RunSQL(_BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="payroll",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.Exact(
                    models.F("total_republican") + models.F("total_regional") + models.F("total_local"),
                    models.F("total_amount"),
                ),
                name="payroll_totals_by_source",
            ),
        ),
        migrations.AddConstraint(
            model_name="paymentline",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.Exact(
                    models.F("republican") + models.F("regional") + models.F("local"), models.F("amount")
                ),
                name="payment_line_parts_sum",
            ),
        ),
    ]
