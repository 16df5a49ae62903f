from django.db import migrations
from django.utils.text import slugify

from cms.editorial.reference_data import AUDIENCES, REGIONS


def seed(apps, schema_editor):
    for model_name, names in (("Audience", AUDIENCES), ("Region", REGIONS)):
        model = apps.get_model("intake", model_name)
        for order, name in enumerate(names):
            model.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "sort_order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
