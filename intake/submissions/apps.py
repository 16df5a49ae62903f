from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    """What every public form and JSON endpoint shares, whichever journey it belongs to: the
    email outbox, signed links, spam checks, sending once (forms) and idempotency keys (JSON),
    the GOV.UK form mixins, the form page view and a service's refusal shown to the person.

    It imports none of the journeys built on it (the register, engagement, meetings, alerts)."""

    name = "intake.submissions"
    label = "submissions"
    verbose_name = "Submissions: the email outbox and what every form shares"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The registry reads the models, loaded only now (AppConfig.ready).
        from intake.submissions import personal_data

        personal_data.register_personal_data()
