"""Search in the Wagtail admin: synonyms editors change, and the search insights report."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.admin_views import search_insights, search_outbox
from search.models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "Search synonyms"
    menu_order = 910
    add_to_admin_menu = True
    list_display = ["term", "alternatives", "updated_at"]
    search_fields = ["term", "alternatives"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_search_insights_url():
    return [
        path("search-insights/", search_insights, name="search_insights"),
        path("search-outbox/", search_outbox, name="search_outbox"),
    ]


@hooks.register("register_reports_menu_item")
def register_search_insights_menu_item():
    return MenuItem("Search insights", reverse("search_insights"), icon_name="search", order=900)
