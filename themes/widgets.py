"""Admin widgets that show the theme tree in tree order."""

from django import forms


def _tree_order(instances) -> list[tuple[object, str]]:
    """(theme, label) pairs depth first, each label naming the theme's path ("Economy: GDP")."""
    by_id = {theme.pk: theme for theme in instances}
    children: dict[object, list] = {}
    for theme in instances:
        parent_id = theme.parent_id if theme.parent_id in by_id else None
        children.setdefault(parent_id, []).append(theme)

    ordered = []

    def walk(parent_id, prefix):
        siblings = sorted(children.get(parent_id, []), key=lambda t: (t.sort_order, t.name))
        for theme in siblings:
            label = f"{prefix}: {theme.name}" if prefix else theme.name
            ordered.append((theme, label))
            walk(theme.pk, label)

    walk(None, "")
    return ordered


class ThemeCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes for themes, parents before their children, labelled with the full path."""

    def optgroups(self, name, value, attrs=None):
        choices = list(self.choices)
        instances = [getattr(choice_value, "instance", None) for choice_value, _label in choices]
        if not choices or any(instance is None for instance in instances):
            return super().optgroups(name, value, attrs)

        by_pk = {instance.pk: choice for instance, choice in zip(instances, choices, strict=True)}
        ordered = [(by_pk[theme.pk][0], label) for theme, label in _tree_order(instances)]
        original = self.choices
        self.choices = ordered
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = original
