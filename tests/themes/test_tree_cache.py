"""The theme tree is read once and cached; any change to a theme shows at once."""

import pytest

from tests.themes.factories import ThemeFactory
from themes.models import Theme
from themes.selectors import theme_tree

pytestmark = pytest.mark.django_db


def names(tree) -> list[str]:
    found = []
    for node in tree:
        found.append(node["theme"].name)
        found.extend(names(node["children"]))
    return found


def _tree_order() -> list[Theme]:
    """Every theme, parents before their children, siblings in the editors' order."""
    themes = list(Theme.objects.all())

    def walk(parent_id):
        for theme in themes:
            if theme.parent_id == parent_id:
                yield theme
                yield from walk(theme.pk)

    return list(walk(None))


def test_read_once_then_from_the_cache(django_assert_num_queries):
    with django_assert_num_queries(1):
        first = theme_tree()
    with django_assert_num_queries(0):
        second = theme_tree()
    assert names(second) == names(first)
    assert names(first) == [theme.name for theme in _tree_order()]


def test_adding_renaming_and_deleting_a_theme_show_at_once():
    parent = ThemeFactory(name="Cache parent")
    theme_tree()

    child = ThemeFactory(name="Cache child", parent=parent)
    assert "Cache child" in names(theme_tree())

    child.name = "Cache child renamed"
    child.save()
    assert "Cache child renamed" in names(theme_tree())
    assert "Cache child" not in names(theme_tree())

    child.delete()
    assert "Cache child renamed" not in names(theme_tree())
    assert names(theme_tree()) == [theme.name for theme in _tree_order()]
