from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Intake: groups, memberships and requests"
    default_auto_field = "django.db.models.BigAutoField"
