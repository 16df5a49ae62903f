"""Reads of editorial content for listings, theme pages and the API.

Every function returns a queryset that costs a fixed number of queries however many rows it
holds: relations shown in lists are joined or prefetched here, not in templates.
"""

from django.db.models import Prefetch, QuerySet

from cms.cache import cached_with_pages
from cms.editorial.models import CaseStudyPage, Champion, HubSettings, Organisation, UpdatePage
from themes.models import Theme
from themes.selectors import theme_descendant_ids


def _themes_prefetch() -> Prefetch:
    return Prefetch("themes", queryset=Theme.objects.order_by("sort_order", "name"))


def _theme_ids(theme: Theme | None, theme_ids) -> set[int] | None:
    if theme is not None:
        return theme_descendant_ids(theme_ids=[theme.pk])
    if theme_ids is not None:
        return set(theme_ids)
    return None


def case_study_list(
    *, parent=None, theme: Theme | None = None, theme_ids=None, goal: str | None = None
) -> QuerySet[CaseStudyPage]:
    """Live, public case studies, newest first.

    Args:
        parent: only case studies below this page.
        theme: only case studies tagged with this theme or one below it.
        theme_ids: only case studies tagged with one of these themes (already expanded).
        goal: a strategy goal code (``cms.editorial.goals.Goal``).
    """
    case_studies = CaseStudyPage.objects.live().public()
    if parent is not None:
        case_studies = case_studies.descendant_of(parent)
    ids = _theme_ids(theme, theme_ids)
    if ids is not None:
        case_studies = case_studies.filter(
            pk__in=CaseStudyPage.themes.through.objects.filter(theme_id__in=ids).values(
                "casestudypage_id"
            )
        )
    if goal:
        case_studies = case_studies.filter(goals__code=goal)
    return (
        case_studies.select_related("organisation")
        .prefetch_related(_themes_prefetch())
        .order_by("-first_published_at", "-pk")
    )


def update_list(*, parent=None, theme_ids=None) -> QuerySet[UpdatePage]:
    """Live, public progress updates, newest first."""
    updates = UpdatePage.objects.live().public()
    if parent is not None:
        updates = updates.descendant_of(parent)
    if theme_ids is not None:
        updates = updates.filter(
            pk__in=UpdatePage.themes.through.objects.filter(theme_id__in=theme_ids).values(
                "updatepage_id"
            )
        )
    return updates.prefetch_related(_themes_prefetch()).order_by(
        "-date", "-first_published_at", "-pk"
    )


def champion_list(
    *,
    organisation: Organisation | None = None,
    theme: Theme | None = None,
    theme_ids=None,
) -> QuerySet[Champion]:
    """Listed champions, by organisation then name."""
    champions = Champion.objects.filter(is_listed=True)
    if organisation is not None:
        champions = champions.filter(organisation=organisation)
    ids = _theme_ids(theme, theme_ids)
    if ids is not None:
        champions = champions.filter(
            pk__in=Champion.themes.through.objects.filter(theme_id__in=ids).values("champion_id")
        )
    return (
        champions.select_related("organisation")
        .prefetch_related(_themes_prefetch())
        .order_by("organisation__name", "name", "pk")
    )


def organisations_with_champions() -> QuerySet[Organisation]:
    """Organisations that have at least one listed champion, for the directory's filter."""
    return Organisation.objects.filter(champions__is_listed=True).distinct().order_by("name")


_DEFAULT_NOTICE_VERSION = HubSettings._meta.get_field("privacy_notice_version").default


def privacy_notice() -> dict:
    """The current privacy notice version and page URL (from the default site's settings).

    Every form shows it and every submission stores its version, so it is cached with the
    page cache's generation, which a change to the settings or to any page renews.
    """

    def read() -> dict:
        hub_settings = (
            HubSettings.objects.filter(site__is_default_site=True)
            .select_related("privacy_notice_page")
            .first()
        )
        if hub_settings is None:
            return {"version": _DEFAULT_NOTICE_VERSION, "url": ""}
        page = hub_settings.privacy_notice_page
        return {
            "version": hub_settings.privacy_notice_version or _DEFAULT_NOTICE_VERSION,
            "url": page.url if page else "",
        }

    return cached_with_pages("privacy-notice", read)
