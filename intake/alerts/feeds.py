"""Atom feeds (Django's syndication framework) of new groups, meetings, progress updates and
case studies, for the whole hub and per theme (a theme includes the themes below it)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from intake.alerts.news import KINDS, news_items
from intake.selectors import theme_by_slug
from intake.submissions.tokens import absolute_url

FEED_LENGTH = 30


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, kind, slug=None):
        if kind not in KINDS:
            raise Http404("No such feed.")
        theme = None
        if slug is not None:
            theme = theme_by_slug(slug=slug)
            if theme is None:
                raise Http404("No such theme.")
        return {"kind": kind, "theme": theme}

    def title(self, obj):
        label = KINDS[obj["kind"]]
        where = f" under {obj['theme'].name}" if obj["theme"] else ""
        return f"{label}{where}: {settings.WAGTAIL_SITE_NAME}"

    def subtitle(self, obj):
        return f"{KINDS[obj['kind']]} on the {settings.WAGTAIL_SITE_NAME}, newest first."

    def link(self, obj):
        """The page the feed mirrors."""
        theme, kind = obj["theme"], obj["kind"]
        if kind == "meetings":
            return reverse("meetings:list") + (f"?theme={theme.slug}" if theme else "")
        if theme is not None:
            return theme.get_absolute_url()
        return {"groups": reverse("intake:group_directory")}.get(kind, "/")

    def feed_url(self, obj):
        if obj["theme"] is not None:
            return reverse("alerts:theme_feed", args=[obj["theme"].slug, obj["kind"]])
        return reverse("alerts:feed", args=[obj["kind"]])

    def items(self, obj):
        return news_items(kinds=(obj["kind"],), theme=obj["theme"], limit=FEED_LENGTH)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return absolute_url(item.url)

    def item_guid_is_permalink(self, item):
        return True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
