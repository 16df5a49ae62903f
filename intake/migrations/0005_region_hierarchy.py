"""Nations and regions nest: the United Kingdom holds its four nations, England its nine
regions. Search uses this so that a group covering the United Kingdom is found for Wales."""

import django.db.models.deletion
from django.db import migrations, models

PARENTS = {
    "england": "united-kingdom",
    "scotland": "united-kingdom",
    "wales": "united-kingdom",
    "northern-ireland": "united-kingdom",
    "north-east": "england",
    "north-west": "england",
    "yorkshire-and-the-humber": "england",
    "east-midlands": "england",
    "west-midlands": "england",
    "east-of-england": "england",
    "london": "england",
    "south-east": "england",
    "south-west": "england",
}


def link(apps, schema_editor):
    Region = apps.get_model("intake", "Region")
    by_slug = {region.slug: region for region in Region.objects.all()}
    for slug, parent in PARENTS.items():
        if slug in by_slug and parent in by_slug and by_slug[slug].parent_id is None:
            Region.objects.filter(pk=by_slug[slug].pk).update(parent=by_slug[parent])


class Migration(migrations.Migration):
    dependencies = [("intake", "0004_moderator_permissions")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="The place this one lies within, for example England for London.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="intake.region",
            ),
        ),
        migrations.RunPython(link, migrations.RunPython.noop),
    ]
