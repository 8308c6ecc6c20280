from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0003_scheduledrun'),
    ]

    operations = [
        migrations.AddField(
            model_name='part',
            name='resent_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
