"""The database cache table, for production without Redis (cms/settings/production.py).

``createcachetable`` creates tables only for caches configured as database caches, and none
that exist already, so this does nothing under settings that use Redis or memory."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("cms", "0007_casestudypage_image_casestudypage_image_alt_text")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
