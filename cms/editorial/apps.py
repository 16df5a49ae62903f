from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "cms.editorial"
    label = "cms"  # the label the tables, migrations and permissions have always had
    verbose_name = "Editorial content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models are loaded only now (AppConfig.ready); these modules import them.
        from cms.cache import page_cache_connect_signals, rows_watch
        from cms.editorial import theme_content  # noqa: F401  (registers the theme page sections)
        from cms.editorial.models import Organisation

        page_cache_connect_signals()
        rows_watch(Organisation)
