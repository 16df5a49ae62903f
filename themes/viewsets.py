"""The theme tree in the Wagtail admin."""

from wagtail.snippets.views.snippets import SnippetViewSet

from themes.models import Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Themes"
    list_display = ["name", "parent", "slug", "sort_order"]
    list_filter = {"parent": ["exact"]}
    search_fields = ["name", "description"]
    # Siblings together, in the order editors set, under their parent's name.
    ordering = ["parent__name", "sort_order", "name"]
    list_per_page = 100
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Theme.objects.select_related("parent__parent")
