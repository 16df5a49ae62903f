"""Surface words: every indexed word as written, with its analysed term, for respelling typed
words the index does not know (search/vocabulary.py).

Documents indexed before this migration have no surface words, so they are marked out of date
(empty content hash): the next ``search_consistency --repair`` (or ``rebuild_search_index
--backend database``) re-indexes them in the embedded backend, which records their words.
"""

from django.db import migrations, models


def mark_embedded_documents_stale(apps, schema_editor):
    IndexedDocument = apps.get_model("hub_search", "IndexedDocument")
    IndexedDocument.objects.exclude(content_hash="").update(content_hash="")


class Migration(migrations.Migration):

    dependencies = [
        ("hub_search", "0003_seed_synonyms"),
    ]

    operations = [
        migrations.CreateModel(
            name="SurfaceWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=100, unique=True)),
                ("term", models.CharField(max_length=100)),
            ],
        ),
        migrations.RunPython(mark_embedded_documents_stale, migrations.RunPython.noop),
    ]
