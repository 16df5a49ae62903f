from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import seo, views
from cms.api import api as hub_api
from cms.api import wagtail_api_router
from cms.security.uploads import media_serve

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", wagtail_api_router.urls),
    path("api/", hub_api.urls),
    path("", include("intake.meetings.urls")),
    path("", include("intake.alerts.urls")),
    path("themes/", include("themes.urls")),
    path("", include("intake.urls")),
    path("", include("intake.engagement.urls")),
    path("", include("search.urls")),
    path("", include("cms.insights.urls")),
]

# Uploaded files, with the private images people sent refused to anyone who cannot edit them.
urlpatterns += [
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media_serve, name="media"),
]

urlpatterns += [path("", include(wagtail_urls))]
