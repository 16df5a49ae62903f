from django.apps import AppConfig


class HubSecurityConfig(AppConfig):
    name = "cms.security"
    label = "hubsecurity"
    verbose_name = "Security"

    def ready(self) -> None:
        # Models are loaded only now (AppConfig.ready); these modules import them.
        from cms.security import signals  # noqa: F401  (connects the lockout log)
        from cms.security.uploads import connect_signals

        connect_signals()
