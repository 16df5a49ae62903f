"""The email outbox in the Wagtail admin (wagtail-modeladmin): every email the hub sends, and
those it gave up on sent again."""

from django.urls import path

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from cms.modeladmin import HubModelAdmin, ReadOnlyPermissionHelper
from intake.submissions import admin_views
from intake.submissions.models import OutboundEmail


class OutboundEmailAdmin(HubModelAdmin):
    """Every email the hub sends, so editors can see what failed and why."""

    model = OutboundEmail
    # Where the outbox was before it had an app of its own, so links and bookmarks still work.
    base_url_path = "intake/outboundemail"
    menu_label = "Email outbox"
    menu_icon = "mail"
    add_to_settings_menu = True
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ["subject", "template", "status", "attempts", "created_at", "next_attempt_at"]
    list_filter = ["status", "template", "created_at"]
    search_fields = ["subject", "to", "last_error"]
    ordering = ["-created_at"]
    list_per_page = 50
    inspect_view_fields = [
        "to",
        "subject",
        "template",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
        # Signed links are bearer secrets: editors read the email with them hidden.
        "body_text_redacted",
    ]


modeladmin_register(OutboundEmailAdmin)


@hooks.register("register_admin_urls")
def email_admin_urls():
    return [
        path(
            "intake/outboundemail/resend/",
            admin_views.email_resend_view,
            name="intake_email_resend",
        )
    ]
