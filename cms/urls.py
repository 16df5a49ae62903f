from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import seo, views
from cms.api import api as hub_api
from cms.api import wagtail_api_router

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

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
