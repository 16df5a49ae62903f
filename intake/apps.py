from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Intake: groups, memberships and requests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models are loaded only now (AppConfig.ready); these modules import them.
        from cms.cache import rows_watch
        from cms.editorial.demo import demo_register
        from intake import personal_data
        from intake.demo import load_demo_groups
        from intake.models import Audience, Region
        from intake.selectors import theme_groups_section
        from themes.content import register

        register(order=10)(theme_groups_section)
        rows_watch(Audience, Region)
        demo_register("User groups:", load_demo_groups)
        personal_data.register_personal_data()
