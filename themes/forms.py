"""Form fields that offer themes: in tree order, labelled with their parent ("Census: Ageing")."""

from django.forms.models import ModelChoiceIterator

from themes.selectors import theme_tree_walk


def theme_tree_positions() -> dict[int, int]:
    """Each theme's place in the tree order: every parent followed by the themes below it,
    each level in the order editors set (sort order, then name). Filter forms and the theme
    index read the same tree, so every list of themes on the site agrees."""
    return {theme.pk: place for place, (theme, _depth, _label) in enumerate(theme_tree_walk())}


class ThemeTreeIterator(ModelChoiceIterator):
    """The field's themes in tree order, instead of the flat sort order of the queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        positions = theme_tree_positions()
        for theme in sorted(self.queryset, key=lambda t: positions.get(t.pk, len(positions))):
            yield self.choice(theme)


class ThemeChoiceMixin:
    """For a ``ModelChoiceField`` or ``ModelMultipleChoiceField`` of themes. Select the parent
    in the queryset (``select_related("parent")``) so labels cost no extra queries."""

    iterator = ThemeTreeIterator

    def label_from_instance(self, obj):
        return f"{obj.parent.name}: {obj.name}" if obj.parent_id else obj.name
