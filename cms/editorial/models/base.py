"""What every hub page shares: plain-text hooks for the search index and an API queryset hook."""

import re
from datetime import date

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils import timezone

from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.rich_text import get_text_for_indexing

_WHITESPACE = re.compile(r"\s+")


def plain_text(*parts) -> str:
    """Join text and rich-text fragments into one line of plain text."""
    texts = []
    for part in parts:
        if not part:
            continue
        text = get_text_for_indexing(str(part))
        if text:
            texts.append(text)
    return _WHITESPACE.sub(" ", " ".join(texts)).strip()


def stream_text(stream_value) -> str:
    """The searchable text of a StreamField value, as Wagtail's own indexer sees it."""
    if not stream_value:
        return ""
    return plain_text(*stream_value.stream_block.get_searchable_content(stream_value))


def private_pages_q() -> Exists:
    """Pages with a view restriction on themselves or an ancestor, for ``filter``/``exclude``.

    The same rule as Wagtail's ``PageQuerySet.private_q``, which reads every restriction first:
    one extra query per listing. As a subquery the listing's own query answers it.
    """
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )


class HubPageQuerySet(PageQuerySet):
    """Wagtail's page queryset; ``public()`` and ``private()`` cost no query of their own."""

    def private_q(self):
        return private_pages_q()


class BasePage(Page):
    """Shared behaviour for every hub page.

    The search app indexes pages through the four ``search_*`` methods, so it never needs to
    know each page type's fields. The Wagtail API calls ``api_queryset`` on listings filtered
    by ``type`` so that related records are fetched in a fixed number of queries.
    """

    # Whether a new page of this type is in the header (editors change it: "Show in menus").
    show_in_menus_default = False
    # What a search result calls this kind of page.
    search_kind_label = "Guidance"

    objects = PageManager.from_queryset(HubPageQuerySet)()

    class Meta:
        abstract = True

    # The field a search result's summary comes from when the promote tab's search description
    # is empty.
    search_summary_field = ""

    def search_summary(self) -> str:
        """One or two sentences for a search result."""
        fallback = getattr(self, self.search_summary_field) if self.search_summary_field else ""
        return plain_text(self.search_description or fallback)

    def search_body(self) -> str:
        """The page's main text, as plain text."""
        return ""

    def search_theme_ids(self) -> list[int]:
        """Ids of the themes the page is tagged with (not their ancestors)."""
        return []

    def search_date(self) -> date | None:
        """The date a reader would see on the page: first publication by default."""
        if self.first_published_at is None:
            return None
        return timezone.localdate(self.first_published_at)

    @classmethod
    def api_queryset(cls, queryset):
        """Add select_related/prefetch_related for the fields this type exposes in the API."""
        return queryset

    def get_breadcrumbs(self) -> list[Page]:
        """Ancestors below the tree root, for the GOV.UK breadcrumbs component.

        Routing a request leaves each page's parent on it (Wagtail sets treebeard's
        ``_cached_parent_obj`` as it walks down the tree), so a served page climbs back up
        without a query; a page reached any other way reads its ancestors in one.
        """
        crumbs, page = [], self
        while page.depth > 2:
            page = getattr(page, "_cached_parent_obj", None)
            if page is None:
                return list(self.get_ancestors().filter(depth__gt=1))
            crumbs.append(page)
        return crumbs[::-1]
