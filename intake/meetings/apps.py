from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Group meetings: the contact's schedule, the public meetings page and the calendars."""

    name = "intake.meetings"
    label = "meetings"
    verbose_name = "Group meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models are loaded only now (AppConfig.ready); these modules import them.
        from cms.editorial.demo import demo_register
        from intake.meetings.demo import load_demo_meetings
        from intake.meetings.selectors import theme_meetings_section
        from themes.content import register

        register(order=15)(theme_meetings_section)
        demo_register("Meetings:", load_demo_meetings)
