"""The header's links: the service's own screens, and the pages editors put in menus.

Pages come from Wagtail's "Show in menus" flag on the home page's children, in the order of the
page tree, so editors add, remove and reorder them in the admin. The list is cached with the
page cache's generation, which every publish, move or edit of a page renews.
"""

from django.urls import reverse

from wagtail.models import Page, Site

from cms.cache import cached_with_pages

# (label, URL name): the screens that are the service rather than editorial pages.
LINKS_BEFORE_PAGES = [
    ("Find a group", "search:search"),
    ("Themes", "themes:index"),
    ("Meetings", "meetings:list"),
    ("Register a group", "intake:group_register"),
]
LINKS_AFTER_PAGES = [("You said, we did", "engagement:you_said_we_did")]


def _menu_pages(site: Site) -> list[tuple[str, str]]:
    def read():
        children = Page.objects.child_of(site.root_page).live().public().in_menu()
        return [(page.title, page.get_url()) for page in children.order_by("path")]

    return cached_with_pages(f"navigation:{site.pk}", read)


def header_links(request) -> list[dict]:
    """Each link's label, URL and whether it is the section the person is in."""
    site = Site.find_for_request(request) if request is not None else None
    links = [(label, reverse(name)) for label, name in LINKS_BEFORE_PAGES]
    links += _menu_pages(site) if site else []
    links += [(label, reverse(name)) for label, name in LINKS_AFTER_PAGES]
    path = request.path if request is not None else ""
    return [
        {"label": label, "url": url, "current": url != "/" and path.startswith(url)}
        for label, url in links
    ]
