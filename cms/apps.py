from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Editorial content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models are loaded only now (AppConfig.ready); these modules import them.
        from cms import theme_content  # noqa: F401  (registers the theme page sections)
        from cms.cache import page_cache_connect_signals, rows_watch
        from cms.models import Organisation

        page_cache_connect_signals()
        rows_watch(Organisation)
