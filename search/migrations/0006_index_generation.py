"""The embedded index's generation token and the triggers that change it.

Every insert or delete of an indexed document, by the backend, a repair, a test or a bulk
load, gives the token a new random value in the same transaction, so the facet sets each
process holds (search/backends/bitmaps.py) know when to read the difference. The row is
written with an upsert, so a table emptied by a test flush comes back at the next change.
"""


from django.db import migrations, models


SQLITE_BUMP = (
    "INSERT OR REPLACE INTO hub_search_indexgeneration (id, token) "
    "VALUES (1, lower(hex(randomblob(16))))"
)
SQLITE_FORWARD = [
    f"CREATE TRIGGER hub_search_generation_ai AFTER INSERT ON hub_search_indexeddocument "
    f"BEGIN {SQLITE_BUMP}; END",
    f"CREATE TRIGGER hub_search_generation_ad AFTER DELETE ON hub_search_indexeddocument "
    f"BEGIN {SQLITE_BUMP}; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS hub_search_generation_ad",
    "DROP TRIGGER IF EXISTS hub_search_generation_ai",
]
# Once per statement: a rebuild's bulk inserts change the token a few times, not per row.
POSTGRES_FORWARD = [
    """CREATE FUNCTION hub_search_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO hub_search_indexgeneration (id, token)
        VALUES (1, md5(random()::text || clock_timestamp()::text))
        ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER hub_search_generation_change
        AFTER INSERT OR DELETE OR TRUNCATE ON hub_search_indexeddocument
        FOR EACH STATEMENT EXECUTE FUNCTION hub_search_generation_bump()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS hub_search_generation_change ON hub_search_indexeddocument",
    "DROP FUNCTION IF EXISTS hub_search_generation_bump()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('hub_search', '0005_official_statistics_synonyms'),
    ]

    operations = [
        migrations.CreateModel(
            name='IndexGeneration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
