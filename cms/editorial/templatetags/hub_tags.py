"""Template helpers for GOV.UK markup."""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.rich_text import RichText, expand_db_html

from cms.editorial.blocks.strategy import STATUS_TAG_CLASSES, Status
from cms.editorial.navigation import header_links as _header_links
from cms.pagination import page_links

register = template.Library()

# Rich text from Wagtail's editor carries no classes; GOV.UK styles need them.
_GOVUK_CLASSES = {
    "p": "govuk-body",
    "a": "govuk-link",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
}
_OPENING_TAG = re.compile(r"<(p|a|ul|ol|h2|h3|h4)(?=[\s>])(?![^>]*\sclass=)")


def _add_classes(html: str, paragraph_class: str) -> str:
    classes = {**_GOVUK_CLASSES, "p": paragraph_class}
    return _OPENING_TAG.sub(lambda m: f'<{m.group(1)} class="{classes[m.group(1)]}"', html)


@register.filter
def govuk_richtext(value, paragraph_class="govuk-body"):
    """Render rich text (a RichTextField or RichTextBlock value) with GOV.UK classes.

    ``{{ page.introduction|govuk_richtext:"govuk-body-l" }}`` gives lead paragraphs.
    """
    if value is None:
        return ""
    source = value.source if isinstance(value, RichText) else str(value)
    # The source is editor-sanitised rich text from the database, never raw user input.
    return mark_safe(_add_classes(expand_db_html(source), paragraph_class))  # noqa: S308


@register.inclusion_tag("components/pagination.html", takes_context=True)
def govuk_pagination(context, page_obj, label="Pagination"):
    """GOV.UK pagination for a Django page, keeping the other query parameters."""
    params = context["request"].GET.copy()

    def url_for(number):
        params["page"] = number
        return "?" + params.urlencode()

    links = page_links(
        number=page_obj.number, page_count=page_obj.paginator.num_pages, url_for=url_for
    )
    return {"label": label, **links}


@register.simple_tag(takes_context=True)
def header_links(context) -> list[dict]:
    """The header's links (cms.editorial.navigation)."""
    return _header_links(context.get("request"))


@register.simple_tag
def status_tag(status, extra_classes=""):
    """A GOV.UK tag for a strategy status (planned, in progress, done)."""
    try:
        status = Status(status)
    except ValueError:
        return ""
    classes = " ".join(filter(None, ["govuk-tag", STATUS_TAG_CLASSES[status], extra_classes]))
    return format_html('<strong class="{}">{}</strong>', classes, status.label)


@register.filter(expects_localtime=True)
def govuk_time(value) -> str:
    """A time of day as GOV.UK writes it: 10am, 2:30pm, midday, midnight."""
    if not value:
        return ""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def _first_input_id(bound_field) -> str:
    """The id of the element a link to this field should focus.

    A field of several inputs (the GOV.UK date input) renders a wrapper with the field's id,
    which cannot take focus; GOV.UK links to its first input (the day) instead.
    """
    if getattr(bound_field.field, "fields", None):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def error_summary_links(form) -> list[tuple[str, str]]:
    """The GOV.UK error summary's (target id, message) pairs, in the form's field order.

    Errors not tied to a field come first and link to the first question. In a date, an error
    on one part links to that part; an error on the whole date links to the first part with
    an error, or the day.
    """
    fields = form.visible_fields()
    links = []
    first_id = _first_input_id(fields[0]) if fields else ""
    links.extend((first_id, message) for message in form.non_field_errors())
    for bound_field in fields:
        part_links = []
        for index, part in enumerate(getattr(bound_field.field, "fields", None) or []):
            # The GOV.UK pack's date field keeps each part's errors on the part's widget.
            part_id = f"{bound_field.auto_id}_{index}"
            part_links.extend((part_id, message) for message in getattr(part.widget, "errors", []))
        target = part_links[0][0] if part_links else _first_input_id(bound_field)
        shown = {message for _target, message in part_links}
        links.extend(part_links)
        links.extend((target, message) for message in bound_field.errors if message not in shown)
    return links
