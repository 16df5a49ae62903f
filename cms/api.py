"""The headless API: Wagtail's v2 router for pages, images and documents, and the hub's own
read and intake endpoints (django-ninja) with an OpenAPI schema at /api/openapi.json."""

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from cms.api_v2_schema import MAX_OFFSET, wagtail_api_paths
from cms.editorial.api import router as content_router
from cms.security.api_errors import HubNinjaAPI, WagtailErrorEnvelopeMixin
from cms.security.uploads import PublicImagesAPIViewSet
from intake.api import router as intake_router
from intake.engagement.api import router as engagement_router
from intake.meetings.api import router as meetings_router
from search.api import router as search_router
from themes.api import router as themes_router


class HubPagination(WagtailPagination):
    """Wagtail's pagination, refusing offsets the database cannot take (a 400, not a 500)."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail's own check answers it
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class HubPagesAPIViewSet(WagtailErrorEnvelopeMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, with each page type's related records fetched up front.

    Wagtail already limits every listing, detail and ``find`` lookup to live pages without
    view restrictions; this class only adds the per-type ``api_queryset`` optimisation so a
    listing costs the same number of queries for 5 pages as for 50.
    """

    pagination_class = HubPagination

    def get_queryset(self):
        # ``meta.locale`` is in every listing's ``fields=*``; join it rather than fetch per page.
        queryset = super().get_queryset().select_related("locale")
        api_queryset = getattr(queryset.model, "api_queryset", None)
        return api_queryset(queryset) if api_queryset else queryset


class HubDocumentsAPIViewSet(WagtailErrorEnvelopeMixin, DocumentsAPIViewSet):
    """Wagtail's documents endpoint, with the hub's error envelope."""

    pagination_class = HubPagination


class HubImagesAPIViewSet(WagtailErrorEnvelopeMixin, PublicImagesAPIViewSet):
    """The public images endpoint, with the hub's error envelope."""

    pagination_class = HubPagination


wagtail_api_router = WagtailAPIRouter("wagtailapi")
wagtail_api_router.register_endpoint("pages", HubPagesAPIViewSet)
# Without the private collection of images people sent (public once their page is live).
wagtail_api_router.register_endpoint("images", HubImagesAPIViewSet)
wagtail_api_router.register_endpoint("documents", HubDocumentsAPIViewSet)

# One error envelope for every endpoint, documented on every operation (cms/security).
api = HubNinjaAPI(
    title="USER hub API",
    version="1.0.0",
    description=(
        "Read and intake endpoints of the USER hub for UK official statistics, and the pages, "
        "images and documents Wagtail's content API serves at /api/v2/."
    ),
    openapi_additions=wagtail_api_paths,
    published_modules={"cms.editorial.api": "cms.api_content"},
    urls_namespace="hub_api",
    docs_url=None,  # the interactive docs load scripts from a CDN, which the CSP forbids
)
api.add_router("/themes", themes_router, tags=["themes"])
api.add_router("/", content_router, tags=["content"])
api.add_router("/", intake_router, tags=["intake"])
api.add_router("/", engagement_router, tags=["engagement"])
api.add_router("/", meetings_router, tags=["meetings"])
api.add_router("/", search_router, tags=["search"])
