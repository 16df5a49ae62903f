from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Following themes and groups (alert emails) and the Atom feeds."""

    name = "intake.alerts"
    label = "alerts"
    verbose_name = "Alerts and feeds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from intake.alerts import personal_data

        personal_data.register_personal_data()
