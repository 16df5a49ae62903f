from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = "Statistical themes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models are loaded only now (AppConfig.ready); these modules import them.
        from themes import selectors  # noqa: F401  (connects cache invalidation)
