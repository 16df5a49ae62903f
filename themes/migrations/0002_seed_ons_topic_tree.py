from django.db import migrations
from django.utils.text import slugify

from themes.topic_tree import ONS_TOPIC_TREE


def seed(apps, schema_editor):
    Theme = apps.get_model("themes", "Theme")

    def add(nodes, parent):
        for order, (name, description, children) in enumerate(nodes):
            theme, _ = Theme.objects.get_or_create(
                slug=slugify(name),
                defaults={
                    "name": name,
                    "description": description,
                    "parent": parent,
                    "sort_order": order,
                },
            )
            add(children, theme)

    add(ONS_TOPIC_TREE, None)


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
