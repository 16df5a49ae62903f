from django.apps import AppConfig


class HubSecurityConfig(AppConfig):
    name = "hubsecurity"
    verbose_name = "Security"

    def ready(self) -> None:
        from hubsecurity import signals  # noqa: F401  (connects the lockout log)
        from hubsecurity.uploads import connect_signals

        connect_signals()
