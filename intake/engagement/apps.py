from django.apps import AppConfig


class EngagementConfig(AppConfig):
    """Intake part 2: engagement requests, success stories, champion sign-ups, personal data."""

    name = "intake.engagement"
    label = "engagement"
    verbose_name = "Engagement requests, successes and champions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from intake.engagement import personal_data

        personal_data.register_defaults()
