from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from intake.alerts.news import KINDS

register = template.Library()


@register.simple_tag
def feed_links(*kinds, theme=None):
    """``<link rel="alternate">`` for the Atom feeds a page mirrors (all kinds if none given)."""
    rows = []
    for kind in kinds or KINDS:
        if theme is not None:
            url = reverse("alerts:theme_feed", args=[theme.slug, kind])
            title = f"{theme.name}: {KINDS[kind].lower()}"
        else:
            url = reverse("alerts:feed", args=[kind])
            title = f"{settings.WAGTAIL_SITE_NAME}: {KINDS[kind].lower()}"
        rows.append((title, url))
    return format_html_join(
        "\n",
        '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">',
        rows,
    ) or format_html("")
