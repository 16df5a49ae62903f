"""What search engines read: ``/sitemap.xml`` (Wagtail's pages, the listed groups and their
meetings) and ``/robots.txt`` (the admin and every signed-link address kept out)."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from intake.meetings.models import Meeting
from intake.models import UserGroup


class GroupSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 5000

    def items(self):
        return (
            UserGroup.objects.filter(status=UserGroup.Status.LISTED)
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, group):
        return group.updated_at


class MeetingSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Meeting.objects.of_listed_groups().only("public_id", "updated_at").order_by("pk")

    def lastmod(self, meeting):
        return meeting.updated_at


SITEMAPS = {"pages": PageSitemap, "groups": GroupSitemap, "meetings": MeetingSitemap}

# Signed links (managing a listing, confirming, leaving, following) and the admin: secret or
# personal addresses that must never be indexed.
DISALLOWED = (
    "/admin/",
    "/manage/",
    "/groups/confirm/",
    "/groups/join/confirm/",
    "/groups/leave/",
    "/request-engagement/sent/",
    "/request-engagement/status/",
    "/request-engagement/handle/",
    "/follow/confirm/",
    "/follow/manage/",
    "/follow/unsubscribe/",
    "/api/",
)


@require_http_methods(["GET", "HEAD"])
def sitemap(request):
    """The sitemap of every public page, group and meeting."""
    return wagtail_sitemap(request, sitemaps=SITEMAPS)


@cache_control(max_age=86400, public=True)
@require_http_methods(["GET", "HEAD"])
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {settings.HUB_BASE_URL.rstrip('/')}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
