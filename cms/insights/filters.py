"""What every insights view is narrowed by: a date range and a theme."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone

from themes.selectors import theme_tree_walk


@dataclass(frozen=True)
class InsightsScope:
    """A date range (inclusive, local dates; open at either end) and a theme (with its children)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    theme_id: int | None = None

    def within(self, field: str) -> Q:
        """A filter keeping records whose ``field`` falls inside the date range."""
        condition = Q()
        if self.date_from:
            condition &= Q(**{f"{field}__gte": _start_of(self.date_from)})
        if self.date_to:
            condition &= Q(**{f"{field}__lt": _start_of(self.date_to + dt.timedelta(days=1))})
        return condition

    def within_days(self, field: str) -> Q:
        """The same range for a date (not date and time) ``field``."""
        condition = Q()
        if self.date_from:
            condition &= Q(**{f"{field}__gte": self.date_from})
        if self.date_to:
            condition &= Q(**{f"{field}__lte": self.date_to})
        return condition

    def query_string(self, theme_slug: str = "") -> dict[str, str]:
        params = {}
        if self.date_from:
            params["date_from"] = self.date_from.isoformat()
        if self.date_to:
            params["date_to"] = self.date_to.isoformat()
        if theme_slug:
            params["theme"] = theme_slug
        return params


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class InsightsFilterForm(forms.Form):
    """The filter above every insights view. Empty dates mean "since the start"/"until now"."""

    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as a real date, like 2026-01-31."},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the end date as a real date, like 2026-12-31."},
    )
    theme = forms.ChoiceField(
        label="Theme",
        required=False,
        error_messages={"invalid_choice": "Choose a theme from the list."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices, self._theme_ids = [("", "All themes")], {}
        for theme, depth, _label in theme_tree_walk():
            choices.append((theme.slug, "\u2014 " * depth + theme.name))
            self._theme_ids[theme.slug] = theme.id
        self.fields["theme"].choices = choices

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "The end date must be the same as or after the start date.")
        return cleaned

    def scope(self) -> InsightsScope:
        """The scope asked for, or everything when the filter is not valid (the errors say why)."""
        if not self.is_valid():
            return InsightsScope()
        return InsightsScope(
            date_from=self.cleaned_data.get("date_from"),
            date_to=self.cleaned_data.get("date_to"),
            theme_id=self._theme_ids.get(self.cleaned_data.get("theme") or ""),
        )

    def theme_slug(self) -> str:
        return (self.cleaned_data.get("theme") or "") if self.is_valid() else ""
