"""The database cache table, whatever the cache configured when ``migrate`` runs.

Production without Redis caches in this table (cms/settings/production.py). ``createcachetable``
creates tables only for the caches configured at the time, so a hub migrated with Redis and
later run without it had no table and failed on every page. This creates it in every case
(an empty table is harmless)."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "hub_cache"  # the LOCATION of production's database cache


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, False)


class Migration(migrations.Migration):
    dependencies = [("cms", "0009_merge_cache_table_and_tip_links")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
