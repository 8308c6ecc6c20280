"""Load the classifier of occupations shipped with the app."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from komek.employment.services.occupations import read_reference

    Occupation = apps.get_model("employment", "Occupation")
    Occupation.objects.bulk_create(
        [Occupation(code=r["code"], title_ru=r["title_ru"], title_kk=r["title_kk"], title_en=r["title_en"])
         for r in read_reference()],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("employment", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
