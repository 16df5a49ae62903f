"""The moderation queue for group registrations, in the Wagtail admin (wagtail-modeladmin)."""

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import modeladmin_register
from wagtail_modeladmin.views import IndexView

from cms.editorial.models import Organisation
from cms.modeladmin import HubInspectView, HubModelAdmin
from cms.security.spreadsheets import csv_safe
from intake import admin_views, selectors
from intake.listing import RELATIONS, SHOWN_FIELDS, current_value
from intake.models import GroupChange, ModerationDecision, UserGroup
from intake.submissions.models import OutboundEmail
from search.indexing import outbox_failing


class GroupPermissionHelper(PermissionHelper):
    """Registrations come only from the public form: nobody creates one by hand."""

    def user_can_create(self, user):
        return False

    def user_can_copy_obj(self, user, obj):
        return False


class GroupButtonHelper(ButtonHelper):
    """One control per row of the queue: "Review" opens the registration, where the editor
    reads it and approves, rejects, asks for changes, edits or deletes it."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        waiting = obj.status in (UserGroup.Status.PENDING, UserGroup.Status.CHANGES_REQUESTED)
        return [
            {
                "url": self.url_helper.get_action_url("inspect", quote(obj.pk)),
                "label": "Review" if waiting else "View",
                "classname": "button button-small" + ("" if waiting else " button-secondary"),
                "title": f"{'Review' if waiting else 'View'}: {obj.name}",
            }
        ]


class GroupIndexView(IndexView):
    def write_csv_row(self, writer, row_dict):
        return super().write_csv_row(
            writer, {field: csv_safe(value) for field, value in row_dict.items()}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bulk_url"] = reverse("intake_usergroup_bulk")
        return context


class GroupInspectView(HubInspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.instance
        change = selectors.group_pending_change(group_id=group.pk)
        context["decisions"] = ModerationDecision.objects.filter(group=group).select_related(
            "decided_by"
        )
        context["pending_change"] = change
        context["change_rows"] = _change_rows(group, change) if change else []
        context["can_decide"] = group.status in (
            UserGroup.Status.PENDING,
            UserGroup.Status.CHANGES_REQUESTED,
        ) and self.request.user.has_perm("intake.change_usergroup")
        return context


def _change_rows(group: UserGroup, change: GroupChange) -> list[dict]:
    """Each proposed field beside the listed value, for the editor to compare."""
    rows = []
    for field, proposed in change.data.items():
        current = current_value(group, field)
        if current == proposed:
            continue
        label = UserGroup._meta.get_field(field).verbose_name.capitalize()
        if field in RELATIONS:
            model = RELATIONS[field]
            names = dict(
                model.objects.filter(pk__in=[*current, *proposed]).values_list("pk", "name")
            )
            current = ", ".join(names.get(pk, "?") for pk in current)
            proposed = ", ".join(names.get(pk, "?") for pk in proposed)
        elif field == "administering_body":
            names = dict(
                Organisation.objects.filter(pk__in=[current, proposed]).values_list("pk", "name")
            )
            current, proposed = names.get(current, ""), names.get(proposed, "")
        rows.append({"label": label, "current": current, "proposed": proposed})
    return rows


class PendingChangeFilter(SimpleListFilter):
    """Listed groups whose contact proposed an edit that waits for a decision."""

    title = _("edit waiting")
    parameter_name = "pending_change"

    def lookups(self, request, model_admin):
        return [("yes", _("Edit waiting")), ("no", _("No edit waiting"))]

    def queryset(self, request, queryset):
        # ``pending_change_count`` is annotated by the moderation queryset.
        if self.value() == "yes":
            return queryset.filter(pending_change_count__gt=0)
        if self.value() == "no":
            return queryset.filter(pending_change_count=0)
        return queryset


class ConfirmationFilter(SimpleListFilter):
    """Where a listing is in the re-confirmation cycle."""

    title = _("confirmation")
    parameter_name = "confirmation"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue (flagged)")),
            ("hidden", _("Hidden: not confirmed")),
            ("imported", _("Imported, not yet confirmed")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(
                status=UserGroup.Status.LISTED, confirmation_flagged_at__isnull=False
            )
        if self.value() == "hidden":
            return queryset.filter(status=UserGroup.Status.HIDDEN)
        if self.value() == "imported":
            return queryset.filter(imported_at__isnull=False, last_confirmed_at__isnull=True)
        return queryset


class UserGroupAdmin(HubModelAdmin):
    model = UserGroup
    menu_label = "Group registrations"
    menu_icon = "group"
    menu_order = 250
    add_to_settings_menu = False
    permission_helper_class = GroupPermissionHelper
    button_helper_class = GroupButtonHelper
    index_view_class = GroupIndexView
    inspect_view_class = GroupInspectView
    inspect_view_enabled = True
    index_template_name = "intake/admin/index.html"
    inspect_template_name = "intake/admin/inspect.html"
    # What an editor reads at a glance; the rest (the reference too, which the search box
    # finds) is one "Review" away.
    list_display = [
        "name",
        "status",
        "administering_body",
        "themes_display",
        "created_at",
        "has_pending_change",
    ]
    list_filter = [
        "status",
        ConfirmationFilter,
        PendingChangeFilter,
        "themes",
        "producing_organisations",
        "created_at",
    ]
    # A join's reference finds the group it is about (joins have no admin list of their own).
    search_fields = [
        "reference",
        "memberships__reference",
        "name",
        "summary",
        "description",
        "contact_name",
        "contact_email",
    ]
    ordering = ["-created_at"]
    list_per_page = 50
    list_export = [
        "name",
        "slug",
        "status",
        "summary",
        "administering_body",
        "organisations_display",
        "themes_display",
        "membership",
        "meeting_frequency",
        "format",
        "regions_display",
        "audiences_display",
        "website",
        "contact_name",
        "contact_email",
        "created_at",
        "email_verified_at",
        "last_confirmed_at",
    ]
    export_filename = "group-registrations"
    # The listing as it shows itself, then what only editors see.
    inspect_view_fields = [
        "name",
        "reference",
        "slug",
        "status",
        *(field for field in SHOWN_FIELDS if field != "name"),
        "contact_email",
        "contact_email_public",
        "next_meeting",
        "created_at",
        "email_verified_at",
        "consent_given_at",
        "privacy_notice_version",
        "last_confirmed_at",
        "imported_at",
        "confirmation_reminded_at",
        "confirmation_flagged_at",
        "hidden_at",
    ]

    def get_queryset(self, request):
        queryset = selectors.group_moderation_queryset()
        if request.GET.get("export"):
            queryset = queryset.prefetch_related("regions", "audiences")
        return queryset

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            path(
                "intake/usergroup/decide/<int:instance_pk>/<str:action>/",
                admin_views.decide,
                name="intake_usergroup_decide",
            ),
            path(
                "intake/usergroup/change/<int:change_id>/<str:action>/",
                admin_views.decide_change,
                name="intake_usergroup_decide_change",
            ),
            path("intake/usergroup/bulk/", admin_views.bulk, name="intake_usergroup_bulk"),
            path(
                "intake/usergroup/handover/<int:instance_pk>/",
                admin_views.handover,
                name="intake_usergroup_handover",
            ),
            path(
                "intake/usergroup/confirmation/<int:instance_pk>/<str:action>/",
                admin_views.confirmation_action,
                name="intake_usergroup_confirmation",
            ),
        )


modeladmin_register(UserGroupAdmin)


class GroupsDashboardPanel(Component):
    """On the admin home page: registrations and listing edits waiting for a decision."""

    name = "groups_waiting"
    order = 95  # after the engagement panel
    template_name = "wagtailadmin/home/hub_waiting_panel.html"

    def get_context_data(self, parent_context):
        registrations = UserGroup.objects.filter(
            status=UserGroup.Status.PENDING, email_verified_at__isnull=False
        ).count()
        edits = GroupChange.objects.filter(
            status=GroupChange.Status.PENDING, group__email_verified_at__isnull=False
        ).count()
        index = reverse("intake_usergroup_modeladmin_index")
        overdue = UserGroup.objects.filter(
            status=UserGroup.Status.LISTED, confirmation_flagged_at__isnull=False
        ).count()
        hidden = UserGroup.objects.filter(status=UserGroup.Status.HIDDEN).count()
        # The cycle's items show only when there is something to chase.
        cycle_items = [
            item
            for count, item in (
                (
                    overdue,
                    {
                        "text": ngettext(
                            "%(count)d listing not confirmed by its contact in time",
                            "%(count)d listings not confirmed by their contacts in time",
                            overdue,
                        )
                        % {"count": overdue},
                        "url": f"{index}?confirmation=overdue",
                    },
                ),
                (
                    hidden,
                    {
                        "text": ngettext(
                            "%(count)d listing hidden until it is confirmed",
                            "%(count)d listings hidden until they are confirmed",
                            hidden,
                        )
                        % {"count": hidden},
                        "url": f"{index}?confirmation=hidden",
                    },
                ),
            )
            if count
        ]
        return {
            "panel_id": "groups-waiting",
            "heading": _("Group registrations"),
            "items": [
                {
                    "text": ngettext(
                        "%(count)d group registration waiting for a decision",
                        "%(count)d group registrations waiting for a decision",
                        registrations,
                    )
                    % {"count": registrations},
                    "url": f"{index}?status__exact={UserGroup.Status.PENDING.value}",
                },
                {
                    "text": ngettext(
                        "%(count)d edit to a group listing waiting for a decision",
                        "%(count)d edits to group listings waiting for a decision",
                        edits,
                    )
                    % {"count": edits},
                    "url": f"{index}?pending_change=yes",
                },
                *cycle_items,
            ],
        }


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("group-import/", admin_views.group_import, name="intake_group_import"),
        path(
            "group-import/<int:import_id>/apply/",
            admin_views.group_import_apply,
            name="intake_group_import_apply",
        ),
        path(
            "group-import/template.<str:kind>",
            admin_views.group_import_template,
            name="intake_group_import_template",
        ),
    ]


class EditorsOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("intake.change_usergroup")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return EditorsOnlyMenuItem(
        _("Import groups"), reverse("intake_group_import"), icon_name="upload", order=260
    )


@hooks.register("insert_global_admin_css")
def moderation_list_css():
    return format_html('<link rel="stylesheet" href="{}">', static("intake/admin.css"))


@hooks.register("construct_homepage_panels")
def add_groups_panel(request, panels):
    if request.user.has_perm("intake.change_usergroup"):
        panels.append(GroupsDashboardPanel())


class DeliveryProblemsPanel(Component):
    """On the admin home page, only when something is wrong: emails the outbox gave up on and
    search-index changes still failing, each a link to where to act."""

    name = "delivery_problems"
    order = 90
    template_name = "wagtailadmin/home/hub_waiting_panel.html"

    def __init__(self, *, emails: int, index_changes: int):
        self.emails, self.index_changes = emails, index_changes

    def get_context_data(self, parent_context):
        items = []
        if self.emails:
            items.append(
                {
                    "text": ngettext(
                        "%(count)d email not sent: send it again",
                        "%(count)d emails not sent: send them again",
                        self.emails,
                    )
                    % {"count": self.emails},
                    "url": reverse("intake_email_resend"),
                }
            )
        if self.index_changes:
            items.append(
                {
                    "text": ngettext(
                        "%(count)d search index change still failing",
                        "%(count)d search index changes still failing",
                        self.index_changes,
                    )
                    % {"count": self.index_changes},
                    "url": reverse("search_outbox"),
                }
            )
        return {"panel_id": "delivery-problems", "heading": _("Not delivered"), "items": items}


@hooks.register("construct_homepage_panels")
def add_delivery_problems_panel(request, panels):
    if not request.user.has_perm("submissions.view_outboundemail"):
        return
    emails = OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).count()
    index_changes = (
        outbox_failing().count() if request.user.has_perm("hub_search.view_outboxentry") else 0
    )
    if emails or index_changes:
        panels.append(DeliveryProblemsPanel(emails=emails, index_changes=index_changes))
