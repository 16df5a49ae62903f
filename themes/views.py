from django.shortcuts import get_object_or_404, render

from themes.content import tagged_content
from themes.models import Theme
from themes.selectors import theme_descendant_ids, theme_tree


def theme_index(request):
    """Every theme, as a tree."""
    return render(request, "themes/theme_index.html", {"tree": theme_tree()})


def theme_detail(request, slug):
    """What is tagged with a theme or any theme below it."""
    theme = get_object_or_404(Theme.objects.select_related("parent__parent__parent"), slug=slug)
    theme_ids = theme_descendant_ids(theme_ids=[theme.id])
    sections = tagged_content(theme_ids=theme_ids, theme=theme)
    # A theme nothing is tagged with yet shows what the hub holds about the theme it belongs to.
    broader = None
    ancestor = theme.parent
    while not sections and ancestor is not None:
        sections = tagged_content(
            theme_ids=theme_descendant_ids(theme_ids=[ancestor.id]), theme=ancestor
        )
        broader, ancestor = ancestor, ancestor.parent
    return render(
        request,
        "themes/theme_detail.html",
        {
            "theme": theme,
            "children": theme.children.all(),
            "sections": sections,
            "broader": broader if sections else None,
        },
    )
