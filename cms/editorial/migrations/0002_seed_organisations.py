from django.db import migrations
from django.utils.text import slugify

from cms.editorial.reference_data import GSS_ORGANISATIONS


def seed(apps, schema_editor):
    Organisation = apps.get_model("cms", "Organisation")
    for name, abbreviation, website in GSS_ORGANISATIONS:
        Organisation.objects.get_or_create(
            slug=slugify(abbreviation),
            defaults={"name": name, "abbreviation": abbreviation, "website": website},
        )


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
