from django.apps import AppConfig


class EngagementConfig(AppConfig):
    """Engagement: requests for engagement, success stories and champion sign-ups."""

    name = "intake.engagement"
    label = "engagement"
    verbose_name = "Engagement requests, successes and champions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models are loaded only now (AppConfig.ready); these modules import them.
        from cms.editorial.demo import demo_register
        from intake.engagement import personal_data
        from intake.engagement.demo import load_demo_engagement
        from intake.engagement.selectors import (
            theme_you_said_we_did_section,
            you_said_we_did_count,
        )
        from themes.content import register, register_counter

        personal_data.register_personal_data()
        demo_register("Engagement requests:", load_demo_engagement)
        register(order=40)(theme_you_said_we_did_section)
        register_counter("you_said_we_did")(you_said_we_did_count)
