"""What every queue the hub adds to the Wagtail admin with wagtail-modeladmin shares: labels
that read as sentences on the review page, and records only the hub itself writes."""

from django.utils.text import capfirst

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView


class HubInspectView(InspectView):
    """Field names as labels begin with a capital ("Producing organisations"), as the rest of
    the admin's labels do."""

    def get_field_label(self, field_name, field=None):
        return capfirst(super().get_field_label(field_name, field))


class HubModelAdmin(ModelAdmin):
    inspect_view_class = HubInspectView


class ReadOnlyPermissionHelper(PermissionHelper):
    """Records only the hub itself writes (the outbox, followers): nobody creates, edits or
    copies one in the admin."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_copy_obj(self, user, obj):
        return False
