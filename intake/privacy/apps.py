from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Personal data: registry, export, erasure, retention and purge, with their audit trail."""

    name = "intake.privacy"
    label = "privacy"
    verbose_name = "Personal data"
    default_auto_field = "django.db.models.BigAutoField"
