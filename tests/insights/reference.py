"""Figures computed directly from the records, one plain query per theme: what the insights
must equal. The benchmark times the coverage view against this as its naive baseline."""

from cms.editorial.models import Organisation
from intake.engagement.models import EngagementRequest
from intake.engagement.selectors import you_said_we_did_list
from intake.models import UserGroup
from search.models import QueryLog
from themes.models import Theme


def subtree_ids(theme: Theme) -> list[int]:
    found, stack = [], [theme]
    while stack:
        node = stack.pop()
        found.append(node.id)
        stack.extend(Theme.objects.filter(parent=node))
    return found


def naive_coverage(*, within_requests=None, within_entries=None, within_searches=None) -> dict:
    """Per theme slug: the coverage figures, each from its own query over the records."""
    figures = {}
    for theme in Theme.objects.all():
        ids = subtree_ids(theme)
        listed = UserGroup.objects.filter(status=UserGroup.Status.LISTED)
        requests = EngagementRequest.objects.filter(theme_id__in=ids)
        entries = you_said_we_did_list().filter(theme_id__in=ids)
        slugs = list(Theme.objects.filter(id__in=ids).values_list("slug", flat=True))
        searches = QueryLog.objects.filter(result_count=0, page=1, theme__in=slugs)
        if within_requests is not None:
            requests = requests.filter(within_requests)
        if within_entries is not None:
            entries = entries.filter(within_entries)
        if within_searches is not None:
            searches = searches.filter(within_searches)
        figures[theme.slug] = {
            "own_groups": listed.filter(themes=theme).count(),
            "groups": listed.filter(themes__id__in=ids).distinct().count(),
            "organisations": Organisation.objects.filter(
                produced_groups__in=listed.filter(themes__id__in=ids)
            )
            .distinct()
            .count(),
            "requests": requests.count(),
            "you_said_we_did": entries.count(),
            "theme_searches": searches.count(),
        }
    return figures
