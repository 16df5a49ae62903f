"""Synonyms users of official statistics type (GDP, CPI and CPIH, RPI, ONS, NHS, the labour
market, well-being, the census), added beside the first ones; editors change them in the admin.
Two seeded entries gain alternatives unless an editor has changed them.

The analyser changed with this migration (apostrophes removed, digits with points and letters
of every script kept), so embedded documents are marked out of date (empty content hash): the
next ``search_consistency --repair`` or ``rebuild_search_index`` re-indexes them. The
Elasticsearch mapping changed too: run ``rebuild_search_index`` after deploying.
"""

from django.db import migrations

ADDED = {
    "gdp": "gross domestic product, economic output",
    "gross domestic product": "gdp, economic output",
    "cpih": "consumer price inflation, consumer prices index, cpi",
    "consumer prices index": "cpi, consumer price inflation",
    "rpi": "retail prices index, inflation",
    "retail prices index": "rpi, inflation",
    "inflation": "consumer price inflation, price indices",
    "ons": "office for national statistics",
    "office for national statistics": "ons",
    "national health service": "nhs, health",
    "labour market": "jobs, employment",
    "employment statistics": "labour market",
    "unemployment rate": "unemployment, people not in work",
    "well being": "wellbeing",
    "census 2021": "census",
    "census 2022": "census",
    "population census": "census",
    "ethnicity": "ethnic group",
}
# Seeded in 0003; widened here only if still as seeded.
WIDENED = {
    "cpi": ("consumer price inflation", "consumer price inflation, consumer prices index, cpih"),
    "nhs": ("health, healthcare system", "health, healthcare system, national health service"),
}


def seed(apps, schema_editor):
    Synonym = apps.get_model("hub_search", "Synonym")
    for term, alternatives in ADDED.items():
        Synonym.objects.get_or_create(term=term, defaults={"alternatives": alternatives})
    for term, (seeded, widened) in WIDENED.items():
        Synonym.objects.filter(term=term, alternatives=seeded).update(alternatives=widened)


def mark_embedded_documents_stale(apps, schema_editor):
    IndexedDocument = apps.get_model("hub_search", "IndexedDocument")
    IndexedDocument.objects.exclude(content_hash="").update(content_hash="")


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0004_surface_words")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(mark_embedded_documents_stale, migrations.RunPython.noop),
    ]
