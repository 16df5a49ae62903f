from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@register.filter
def figure(value):
    """Whole numbers with thousands separators, others to one decimal place, blanks as a dash."""
    if value is None or value == "":
        return "\u2013"  # an en dash
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return value


@register.simple_tag
def query_with(params: dict, **extra) -> str:
    """The filter's query string with extra parameters, for links that keep the filter."""
    return urlencode({**params, **extra})
