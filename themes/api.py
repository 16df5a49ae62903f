"""Read API for the theme tree."""

from django.shortcuts import get_object_or_404

from ninja import Router, Schema

from cms.api_links import link, linked
from cms.api_schemas import ThemeRef, theme_ref
from themes.content import tagged_counts
from themes.models import Theme
from themes.selectors import theme_descendant_ids, theme_tree

router = Router()


class ThemeNode(Schema):
    id: int
    name: str
    slug: str
    description: str
    url: str
    children: list["ThemeNode"]


class ThemeDetail(Schema):
    id: int
    name: str
    slug: str
    description: str
    url: str
    parent: str | None
    ancestors: list[str]
    children: list[str]
    breadcrumbs: list[ThemeRef]
    child_themes: list[ThemeRef]
    content: dict[str, int]


def _node(entry, request) -> dict:
    theme = entry["theme"]
    return {
        **theme_ref(theme, request),
        "description": theme.description,
        "children": [_node(child, request) for child in entry["children"]],
    }


@router.get(
    "/",
    response=list[ThemeNode],
    summary="The theme tree",
    openapi_extra=linked(
        200,
        ThemeDetail=link(
            "themes_api_theme_detail",
            "A top-level theme.",
            parameters={"slug": "$response.body#/0/slug"},
        ),
    ),
)
def theme_list(request):
    """Every theme, nested under its parent, in the order editors set."""
    return [_node(entry, request) for entry in theme_tree()]


@router.get("/{slug}", response=ThemeDetail, summary="One theme")
def theme_detail(request, slug: str):
    """One theme, where it sits in the tree, and how much public content is tagged with it.

    ``content`` counts live, public items tagged with the theme or any theme below it, by type
    (for example ``case_studies``, ``champions``, ``updates``).
    """
    theme = get_object_or_404(Theme.objects.select_related("parent__parent__parent"), slug=slug)
    ancestors = theme.ancestors()
    children = list(theme.children.all())
    return {
        **theme_ref(theme, request),
        "description": theme.description,
        "parent": theme.parent.slug if theme.parent else None,
        "ancestors": [a.slug for a in ancestors],
        "children": [c.slug for c in children],
        "breadcrumbs": [theme_ref(a, request) for a in ancestors],
        "child_themes": [theme_ref(c, request) for c in children],
        "content": tagged_counts(theme_ids=theme_descendant_ids(theme_ids=[theme.id])),
    }
