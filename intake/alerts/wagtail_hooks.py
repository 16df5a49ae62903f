"""Followers in the admin: who follows what and how often. Their email addresses are personal
data, so the list, the record and deleting one need the personal-data permission, as the
hub's export and erasure screens do; nobody adds or edits a follower by hand."""

from django.db.models import Prefetch

from wagtail_modeladmin.options import modeladmin_register
from wagtail_modeladmin.views import DeleteView

from cms.modeladmin import HubModelAdmin, ReadOnlyPermissionHelper
from intake.alerts.models import Follower
from intake.alerts.services import follower_delete
from intake.models import UserGroup
from themes.models import Theme

PERSONAL_DATA_PERMISSION = "privacy.manage_personal_data"


class FollowerPermissionHelper(ReadOnlyPermissionHelper):
    def _allowed(self, user) -> bool:
        return user.is_active and user.has_perm(PERSONAL_DATA_PERMISSION)

    def user_can_list(self, user):
        return self._allowed(user)

    def user_can_inspect_obj(self, user, obj):
        return self._allowed(user)

    def user_can_delete_obj(self, user, obj):
        return self._allowed(user)


class FollowerDeleteView(DeleteView):
    def delete_instance(self):
        follower_delete(follower_id=self.instance.pk, deleted_by=self.request.user)


class FollowerAdmin(HubModelAdmin):
    model = Follower
    menu_label = "Followers"
    menu_icon = "user"
    menu_order = 215
    add_to_settings_menu = False
    permission_helper_class = FollowerPermissionHelper
    delete_view_class = FollowerDeleteView
    inspect_view_enabled = True
    list_display = ("email", "status", "confirmed_at", "frequency", "following", "created_at")
    list_filter = ("status", "frequency", "themes", "created_at")
    search_fields = ("email",)
    ordering = ("-created_at",)
    list_per_page = 50
    inspect_view_fields = (
        "email",
        "status",
        "frequency",
        "themes",
        "groups",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "last_sent_at",
        "consent_given_at",
        "privacy_notice_version",
    )

    def get_queryset(self, request):
        # Two prefetches for the whole page, whatever its length.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("themes", queryset=Theme.objects.only("id", "name").order_by("name")),
                Prefetch("groups", queryset=UserGroup.objects.only("id", "name").order_by("name")),
            )
        )

    def following(self, obj):
        themes = [theme.name for theme in obj.themes.all()]
        groups = [group.name for group in obj.groups.all()]
        parts = []
        if themes:
            parts.append("Themes: " + ", ".join(themes))
        if groups:
            parts.append("Groups: " + ", ".join(groups))
        return "; ".join(parts) or "Nothing yet"

    following.short_description = "Following"


modeladmin_register(FollowerAdmin)
