"""Admin registrations: the directory (champions, organisations, themes) as snippets."""

from django.db.models import Prefetch

from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.editorial.models import Champion, Organisation
from themes.models import Theme
from themes.viewsets import ThemeViewSet


class ChampionViewSet(SnippetViewSet):
    model = Champion
    icon = "group"
    menu_label = "Champions"
    list_display = ["name", "role", "organisation", "theme_names", BooleanColumn("is_listed")]
    list_filter = {"organisation": ["exact"], "themes": ["exact"], "is_listed": ["exact"]}
    list_export = ["name", "role", "organisation", "email", "show_email", "is_listed"]
    search_fields = ["name", "role"]
    ordering = ["organisation__name", "name"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Champion.objects.select_related("organisation").prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("sort_order", "name"))
        )


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "site"
    menu_label = "Organisations"
    list_display = ["name", "abbreviation", "slug", "website"]
    search_fields = ["name", "abbreviation"]
    ordering = ["name"]
    copy_view_enabled = False


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = "Directory"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (ChampionViewSet, OrganisationViewSet, ThemeViewSet)


register_snippet(DirectoryViewSetGroup)
