"""Reads over the theme tree. The tree is small (tens of nodes), so it is read whole and kept
in the cache until a theme changes (``cms.cache.cached_rows``)."""

from collections import defaultdict
from collections.abc import Iterator

from cms.cache import cached_rows
from themes.models import Theme


def _parent_map() -> dict[int, int | None]:
    return cached_rows(Theme, "parents", lambda: dict(Theme.objects.values_list("id", "parent_id")))


def _themes() -> list[Theme]:
    """Every theme, in the order editors set: every filter form and the theme index show them."""
    return cached_rows(Theme, "rows", lambda: list(Theme.objects.all()))


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
