"""GET filter forms for the listing pages. They work without JavaScript."""

from django import forms

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout

from cms.editorial.goals import Goal
from cms.editorial.selectors import organisations_with_champions
from themes.selectors import theme_tree, theme_tree_walk


def theme_choices(*, empty_label: str = "All themes") -> tuple[list, dict]:
    """Select choices grouped by top-level theme, and a slug-to-theme map.

    Each group starts with the top-level theme itself ("All of Economy") so the parent, which
    includes its children, can be chosen too.
    """
    choices: list = [("", empty_label)]
    themes_by_slug = {}
    for top in theme_tree():
        theme = top["theme"]
        themes_by_slug[theme.slug] = theme
        options = [(theme.slug, f"All of {theme.name}")]
        for child, _depth, label in theme_tree_walk(top["children"]):
            themes_by_slug[child.slug] = child
            options.append((child.slug, label))
        choices.append((theme.name, options))
    return choices, themes_by_slug


class FilterForm(forms.Form):
    """A GET form whose invalid values are ignored rather than reported.

    The template supplies the ``<form method="get">`` and the button, so the query string
    carries only the filters.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.form_show_errors = False
        self.helper.layout = Layout(*(Field(name) for name in self.fields))

    def valid_value(self, name):
        """The cleaned value of one field, or None when it is missing or invalid."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None


class CaseStudyFilterForm(FilterForm):
    theme = forms.ChoiceField(label="Theme", required=False)
    goal = forms.ChoiceField(
        label="Strategy goal",
        required=False,
        choices=[("", "All goals"), *Goal.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices, self._themes = theme_choices()

    def cleaned_filters(self) -> dict:
        slug = self.valid_value("theme")
        return {
            "theme": self._themes.get(slug) if slug else None,
            "goal": self.valid_value("goal"),
        }


class ChampionFilterForm(FilterForm):
    organisation = forms.ChoiceField(label="Organisation", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisations = {org.slug: org for org in organisations_with_champions()}
        self.fields["organisation"].choices = [
            ("", "All organisations"),
            *((slug, org.name) for slug, org in self._organisations.items()),
        ]
        self.fields["theme"].choices, self._themes = theme_choices()

    def cleaned_filters(self) -> dict:
        organisation = self.valid_value("organisation")
        theme = self.valid_value("theme")
        return {
            "organisation": self._organisations.get(organisation) if organisation else None,
            "theme": self._themes.get(theme) if theme else None,
        }
