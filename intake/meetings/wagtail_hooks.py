"""Editors add, change and cancel meetings in the admin (a snippet)."""

from django.core.exceptions import ValidationError

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from intake.meetings import services
from intake.meetings.models import Meeting


class MeetingAdminForm(WagtailAdminModelForm):
    """The same rules as the contact's form, so a slip is refused, never a server error."""

    def clean(self):
        cleaned = super().clean()
        try:
            services.meeting_validate(
                data=cleaned, existing=self.instance if self.instance.pk else None
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned


class MeetingViewSet(SnippetViewSet):
    model = Meeting
    icon = "date"
    menu_label = "Meetings"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["__str__", "group_display", "starts_at", "format", "status"]
    list_filter = {"status": ["exact"], "format": ["exact"], "starts_at": ["gte", "lte"]}
    list_export = ["group_display", "title", "starts_at", "ends_at", "format", "status"]
    search_fields = ["title", "group__name"]
    ordering = ["-starts_at"]
    copy_view_enabled = False
    edit_handler = ObjectList(Meeting.panels, base_form_class=MeetingAdminForm)

    def get_queryset(self, request):
        return Meeting.objects.select_related("group")


register_snippet(MeetingViewSet)


@hooks.register("after_create_snippet")
def _meeting_created(request, instance):
    if isinstance(instance, Meeting):
        services.meeting_saved_by_editor(meeting_id=instance.pk, created=True)


@hooks.register("after_edit_snippet")
def _meeting_edited(request, instance):
    if isinstance(instance, Meeting):
        services.meeting_saved_by_editor(meeting_id=instance.pk, created=False)


@hooks.register("after_delete_snippet")
def _meetings_deleted(request, instances):
    for instance in instances:
        if isinstance(instance, Meeting):
            services.meeting_deleted_by_editor(group_id=instance.group_id)
