"""The Wagtail admin for engagement requests, champion sign-ups and success stories
(wagtail-modeladmin listings; the record pages are the views in admin_views.py)."""

from django.contrib.admin import SimpleListFilter
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from cms.modeladmin import HubModelAdmin
from intake.engagement import admin_views
from intake.engagement.models import ChampionSignup, EngagementRequest, SuccessStory
from intake.engagement.selectors import (
    acknowledge_working_days,
    champion_signup_admin_queryset,
    engagement_request_admin_queryset,
    overdue_filter,
)


class SubmissionPermissionHelper(PermissionHelper):
    """Submissions come from the public forms: nobody creates, edits or deletes them by hand
    here (erasure has its own audited view)."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class RecordButtonHelper(ButtonHelper):
    """An "Open" button to the record's own admin page."""

    record_url = None
    record_label = "Open"

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_has_specific_permission(self.request.user, "change"):
            buttons.insert(
                0,
                {
                    "url": type(self).record_url(obj),
                    "label": self.record_label,
                    "classname": self.finalise_classname(["button-small"]),
                    "title": f"{self.record_label} {obj}",
                },
            )
        return buttons


class EngagementRequestButtons(RecordButtonHelper):
    record_url = staticmethod(admin_views.request_update_url)
    record_label = "Open and update"


class SignupButtons(RecordButtonHelper):
    record_url = staticmethod(admin_views.signup_decide_url)
    record_label = "Open and decide"


class OverdueFilter(SimpleListFilter):
    title = "acknowledgement"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(overdue_filter())
        if self.value() == "no":
            return queryset.exclude(overdue_filter())
        return queryset


class EngagementRequestAdmin(HubModelAdmin):
    model = EngagementRequest
    menu_label = "Engagement requests"
    menu_icon = "mail"
    permission_helper_class = SubmissionPermissionHelper
    button_helper_class = EngagementRequestButtons
    list_display = (
        "reference",
        "organisation",
        "theme",
        "kind",
        "status",
        "created_at",
        "acknowledge_by",
        "is_overdue",
    )
    list_filter = (OverdueFilter, "status", "kind", "organisation", "theme", "created_at")
    search_fields = ("reference", "statistics", "description")
    list_export = ("reference", "organisation", "theme", "kind", "status", "created_at")
    ordering = ("-created_at",)

    def get_queryset(self, request):
        return engagement_request_admin_queryset()


class ChampionSignupAdmin(HubModelAdmin):
    model = ChampionSignup
    menu_label = "Champion sign-ups"
    menu_icon = "user"
    permission_helper_class = SubmissionPermissionHelper
    button_helper_class = SignupButtons
    list_display = (
        "name",
        "reference",
        "role",
        "organisation",
        "themes_display",
        "status",
        "created_at",
    )
    list_filter = ("status", "organisation", "created_at")
    search_fields = ("reference", "name", "role")
    ordering = ("-created_at",)

    def get_queryset(self, request):
        return champion_signup_admin_queryset()


class SuccessStoryAdmin(HubModelAdmin):
    model = SuccessStory
    menu_label = "Success stories"
    menu_icon = "doc-full"
    permission_helper_class = SubmissionPermissionHelper
    inspect_view_enabled = True
    inspect_view_fields = ("title", "reference", "page", "image", "image_alt_text", "created_at")
    list_display = ("title", "reference", "page", "created_at")
    search_fields = ("reference", "title")
    ordering = ("-created_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page", "image")


class EngagementGroup(ModelAdminGroup):
    menu_label = "Engagement"
    menu_icon = "group"
    menu_order = 210
    items = (EngagementRequestAdmin, ChampionSignupAdmin, SuccessStoryAdmin)


modeladmin_register(EngagementGroup)


@hooks.register("register_admin_urls")
def register_engagement_admin_urls():
    urls = [
        path("requests/<int:pk>/", admin_views.request_update, name="request_update"),
        path("sign-ups/<int:pk>/", admin_views.signup_decide, name="signup_decide"),
    ]
    return [path("engagement/", include((urls, "engagement_admin"), namespace="engagement_admin"))]


class EngagementDashboardPanel(Component):
    """On the admin home page: overdue requests and sign-ups waiting for a decision."""

    name = "engagement_waiting"
    order = 90
    template_name = "engagement/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        context = {"requests": None, "signups": None, "days": acknowledge_working_days()}
        if user.has_perm("engagement.change_engagementrequest"):
            context["requests"] = EngagementRequest.objects.filter(overdue_filter()).count()
            context["requests_url"] = (
                reverse("engagement_engagementrequest_modeladmin_index") + "?overdue=yes"
            )
        if user.has_perm("engagement.change_championsignup"):
            context["signups"] = ChampionSignup.objects.filter(
                status=ChampionSignup.Status.PENDING
            ).count()
            context["signups_url"] = (
                reverse("engagement_championsignup_modeladmin_index") + "?status__exact=pending"
            )
        return context


@hooks.register("construct_homepage_panels")
def add_engagement_panel(request, panels):
    if request.user.has_perm("engagement.change_engagementrequest") or request.user.has_perm(
        "engagement.change_championsignup"
    ):
        panels.append(EngagementDashboardPanel(request))
