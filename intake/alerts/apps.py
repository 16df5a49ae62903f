from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Following themes and groups (alert emails) and the Atom feeds."""

    name = "intake.alerts"
    label = "alerts"
    verbose_name = "Alerts and feeds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models are loaded only now (AppConfig.ready); these modules import them.
        from wagtail.signals import page_published

        from intake.alerts import personal_data

        personal_data.register_personal_data()
        page_published.connect(_page_published, dispatch_uid="alerts_page_published")


def _page_published(sender, instance, revision=None, **kwargs):
    """An update or case study published is news for followers (a page published again
    finds nothing new to send: alerts go by when a page was first published)."""
    # Here rather than at the top: apps.py is imported before the models are ready.
    from intake.alerts.news import NEWS_PAGE_MODELS
    from intake.alerts.services import alerts_on_news

    if isinstance(instance, NEWS_PAGE_MODELS):
        alerts_on_news()
