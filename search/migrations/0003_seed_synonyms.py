"""Synonyms the hub starts with. Editors change them in the admin (Snippets > Synonyms)."""

from django.db import migrations

SEED = {
    "jobs": "labour market, employment",
    "job": "labour market, employment",
    "work": "labour market, employment",
    "unemployed": "unemployment, people not in work",
    "nhs": "health, healthcare system",
    "hospital": "health, healthcare system",
    "doctors": "health",
    "prices": "inflation, price indices",
    "cost of living": "inflation, household finances",
    "cpi": "consumer price inflation",
    "pay": "earnings",
    "wages": "earnings",
    "salaries": "earnings",
    "homes": "housing",
    "rent": "housing, private rents",
    "schools": "education",
    "university": "higher education",
    "police": "crime and justice",
    "immigration": "migration",
    "economy": "gdp, economic output",
    "exports": "international trade",
    "imports": "international trade",
    "shops": "retail",
    "wellbeing": "well-being",
    "happiness": "well-being",
    "pensions": "pensions, retirement",
    "benefits": "people not in work, welfare",
    "building": "construction",
}


def seed(apps, schema_editor):
    Synonym = apps.get_model("hub_search", "Synonym")
    for term, alternatives in SEED.items():
        Synonym.objects.get_or_create(term=term, defaults={"alternatives": alternatives})


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0002_full_text")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
