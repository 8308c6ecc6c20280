# The shares of the budget sources on each assignment (basis points). An assignment made before
# was paid from its one budget source: it gets 100 % of it.

import django.db.models.lookups
from django.db import migrations, models

_BACKFILL = """
    UPDATE benefits_assignment SET
        budget_source = CASE WHEN budget_source IN ('republican', 'regional') THEN budget_source
                             ELSE 'local' END,
        share_republican = CASE WHEN budget_source = 'republican' THEN 10000 ELSE 0 END,
        share_regional = CASE WHEN budget_source = 'regional' THEN 10000 ELSE 0 END,
        share_local = CASE WHEN budget_source IN ('republican', 'regional') THEN 0 ELSE 10000 END
"""


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0004_regional_budget_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="share_republican",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="share of the republican budget, basis points"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assignment",
            name="share_regional",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="share of the regional budget, basis points"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assignment",
            name="share_local",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="share of the local budget, basis points"),
            preserve_default=False,
        ),
        migrations.RunSQL(_BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="assignment",
            name="budget_source",
            field=models.CharField(
                choices=[("republican", "Republican budget"), ("regional", "Regional budget"), ("local", "Local budget")],
                max_length=12,
                verbose_name="main budget source",
            ),
        ),
        migrations.RemoveIndex(model_name="assignment", name="benefits_asg_payroll_idx"),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["programme", "period_start"], name="benefits_asg_programme_idx"),
        ),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.Exact(
                    models.F("share_republican") + models.F("share_regional") + models.F("share_local"), 10000
                ),
                name="assignment_budget_shares",
            ),
        ),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.CheckConstraint(
                condition=models.Q(("budget_source", "republican"), ("share_republican__gt", 0))
                | models.Q(("budget_source", "regional"), ("share_regional__gt", 0))
                | models.Q(("budget_source", "local"), ("share_local__gt", 0)),
                name="assignment_main_source_shared",
            ),
        ),
    ]
