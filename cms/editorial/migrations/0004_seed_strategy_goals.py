from django.db import migrations

from cms.editorial.goals import GOAL_DESCRIPTIONS, Goal


def seed(apps, schema_editor):
    StrategyGoal = apps.get_model("cms", "StrategyGoal")
    for order, goal in enumerate(Goal):
        StrategyGoal.objects.get_or_create(
            code=goal.value,
            defaults={"description": GOAL_DESCRIPTIONS[goal], "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_page_types")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
