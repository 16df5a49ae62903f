"""Admin widgets that show the theme tree in tree order."""

from django import forms

from themes.selectors import theme_tree_walk


class ThemeCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes for themes, parents before their children, labelled with the full path."""

    def optgroups(self, name, value, attrs=None):
        choices = list(self.choices)
        instances = [getattr(choice_value, "instance", None) for choice_value, _label in choices]
        if not choices or any(instance is None for instance in instances):
            return super().optgroups(name, value, attrs)

        by_pk = {instance.pk: choice for instance, choice in zip(instances, choices, strict=True)}
        ordered = [
            (by_pk.pop(theme.pk)[0], label)
            for theme, _depth, label in theme_tree_walk()
            if theme.pk in by_pk
        ]
        ordered += list(by_pk.values())  # any the tree does not hold yet, as they came
        original = self.choices
        self.choices = ordered
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = original
