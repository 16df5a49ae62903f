from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Insights for the hub team: where engagement is missing, by theme, with charts."""

    name = "cms.insights"
    label = "insights"
    verbose_name = "Insights"
    default_auto_field = "django.db.models.BigAutoField"
