"""Sections of the theme pages for editorial content: case studies, champions and updates.

Registered with ``themes.content`` from ``EditorialConfig.ready``. Each section costs a fixed number
of queries; it shows the newest items and links to the full, filtered listing.
"""

from urllib.parse import urlencode

from cms.editorial.models import CaseStudyIndexPage, ChampionsPage, UpdateIndexPage
from cms.editorial.selectors import case_study_list, champion_list, update_list
from themes.content import register, register_counter

SECTION_LIMIT = 6


def _listing_url(page_model, theme, **extra) -> str | None:
    page = page_model.objects.live().public().first()
    if page is None or page.url is None:
        return None
    query = {"theme": theme.slug, **extra} if theme is not None else extra
    return f"{page.url}?{urlencode(query)}" if query else page.url


def _section(*, title, queryset, template, more_model, theme, more_label):
    items = list(queryset[: SECTION_LIMIT + 1])
    # Looked up whether or not it is shown, so the page costs the same however much is tagged.
    listing_url = _listing_url(more_model, theme)
    return {
        "title": title,
        "items": items[:SECTION_LIMIT],
        "template": template,
        "more_url": listing_url if len(items) > SECTION_LIMIT else None,
        "more_label": more_label,
    }


@register(order=20)
def case_studies_for_themes(*, theme_ids, theme=None):
    return _section(
        title="Case studies",
        queryset=case_study_list(theme_ids=theme_ids),
        template="themes/includes/case_studies.html",
        more_model=CaseStudyIndexPage,
        theme=theme,
        more_label="See all case studies on this theme",
    )


@register(order=30)
def champions_for_themes(*, theme_ids, theme=None):
    return _section(
        title="Champions",
        queryset=champion_list(theme_ids=theme_ids),
        template="themes/includes/champions.html",
        more_model=ChampionsPage,
        theme=theme,
        more_label="See all champions for this theme",
    )


@register(order=40)
def updates_for_themes(*, theme_ids, theme=None):
    return _section(
        title="Progress updates",
        queryset=update_list(theme_ids=theme_ids),
        template="themes/includes/updates.html",
        more_model=UpdateIndexPage,
        theme=None,
        more_label="See all updates",
    )


@register_counter("case_studies")
def count_case_studies(*, theme_ids) -> int:
    return case_study_list(theme_ids=theme_ids).count()


@register_counter("champions")
def count_champions(*, theme_ids) -> int:
    return champion_list(theme_ids=theme_ids).count()


@register_counter("updates")
def count_updates(*, theme_ids) -> int:
    return update_list(theme_ids=theme_ids).count()
