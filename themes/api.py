"""Read API for the theme tree."""

from django.shortcuts import get_object_or_404

from ninja import Router, Schema

from themes.models import Theme
from themes.selectors import theme_tree

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


def _node(entry, request) -> dict:
    theme = entry["theme"]
    return {
        "id": theme.id,
        "name": theme.name,
        "slug": theme.slug,
        "description": theme.description,
        "url": request.build_absolute_uri(theme.get_absolute_url()),
        "children": [_node(child, request) for child in entry["children"]],
    }


@router.get("/", response=list[ThemeNode], summary="The theme tree")
def theme_list(request):
    """Every theme, nested under its parent, in the order editors set."""
    return [_node(entry, request) for entry in theme_tree()]


@router.get("/{slug}", response=ThemeDetail, summary="One theme")
def theme_detail(request, slug: str):
    theme = get_object_or_404(Theme.objects.select_related("parent"), slug=slug)
    return {
        "id": theme.id,
        "name": theme.name,
        "slug": theme.slug,
        "description": theme.description,
        "url": request.build_absolute_uri(theme.get_absolute_url()),
        "parent": theme.parent.slug if theme.parent else None,
        "ancestors": [a.slug for a in theme.ancestors()],
        "children": list(theme.children.values_list("slug", flat=True)),
    }
