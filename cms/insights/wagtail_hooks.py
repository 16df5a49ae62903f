"""The Insights area of the Wagtail admin: one menu with a page per view."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from cms.insights import views


@hooks.register("register_admin_urls")
def register_insights_urls():
    return [
        path("insights/coverage/", views.coverage, name="insights_coverage"),
        path("insights/health/", views.health, name="insights_health"),
        path("insights/search/", views.search, name="insights_search"),
        path("insights/organisations/", views.organisations, name="insights_organisations"),
        path("insights/funnels/", views.funnels, name="insights_funnels"),
        path("insights/deadlines/", views.deadlines, name="insights_deadlines"),
    ]


def _insights_menu() -> Menu:
    return Menu(
        items=[
            MenuItem(label, reverse(name), icon_name="table", order=order)
            for order, (name, label) in enumerate(views.SECTIONS)
        ]
    )


class InsightsMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.INSIGHTS_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_insights_menu():
    return InsightsMenuItem("Insights", _insights_menu(), icon_name="table", order=850)
