"""Reads over the theme tree. The tree is small (tens of nodes), so it is read whole."""

from collections import defaultdict
from collections.abc import Iterator

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from themes.models import Theme

_CACHE_KEY = "themes:tree:v1"
_ROWS_CACHE_KEY = "themes:rows:v1"
_CACHE_SECONDS = 3600


def _parent_map() -> dict[int, int | None]:
    mapping = cache.get(_CACHE_KEY)
    if mapping is None:
        mapping = dict(Theme.objects.values_list("id", "parent_id"))
        cache.set(_CACHE_KEY, mapping, _CACHE_SECONDS)
    return mapping


def _themes() -> list[Theme]:
    """Every theme, in the order editors set: every filter form and the theme index show them."""
    themes = cache.get(_ROWS_CACHE_KEY)
    if themes is None:
        themes = list(Theme.objects.all())
        cache.set(_ROWS_CACHE_KEY, themes, _CACHE_SECONDS)
    return themes


@receiver([post_save, post_delete], sender=Theme)
def _forget_tree(**kwargs):
    keys = [_CACHE_KEY, _ROWS_CACHE_KEY]
    cache.delete_many(keys)
    # Again after the commit: a request reading between the save and the commit would cache
    # the old tree for an hour.
    transaction.on_commit(lambda: cache.delete_many(keys))


def theme_descendant_ids(*, theme_ids) -> set[int]:
    """The given themes and every theme below them."""
    children = defaultdict(list)
    for child, parent in _parent_map().items():
        if parent is not None:
            children[parent].append(child)
    result, stack = set(), [int(t) for t in theme_ids]
    while stack:
        current = stack.pop()
        if current in result:
            continue
        result.add(current)
        stack.extend(children.get(current, []))
    return result


def theme_ancestor_ids(*, theme_ids) -> set[int]:
    """The given themes and every theme above them."""
    parents = _parent_map()
    result = set()
    for theme_id in theme_ids:
        node = int(theme_id)
        while node is not None and node not in result:
            result.add(node)
            node = parents.get(node)
    return result


def theme_tree() -> list[dict]:
    """Nested dicts of the whole tree, ordered as editors set it."""
    themes = _themes()
    by_parent = defaultdict(list)
    for theme in themes:
        by_parent[theme.parent_id].append(theme)

    def build(parent_id):
        return [
            {"theme": theme, "children": build(theme.id)} for theme in by_parent.get(parent_id, [])
        ]

    return build(None)


def theme_tree_walk(nodes: list[dict] | None = None) -> Iterator[tuple[Theme, int, str]]:
    """(theme, depth, path label) depth first, each parent before the themes below it; the
    label names the path from ``nodes`` ("Economy: GDP"). Every list of themes walks this."""

    def walk(level, depth, prefix):
        for node in level:
            theme = node["theme"]
            label = f"{prefix}: {theme.name}" if prefix else theme.name
            yield theme, depth, label
            yield from walk(node["children"], depth + 1, label)

    yield from walk(theme_tree() if nodes is None else nodes, 0, "")
