"""Headers and body checks every response and request of the hub gets, whoever answers.

* ``BaselineHeadersMiddleware`` (first in the list): frame and sniffing protection on every
  response, including static files WhiteNoise serves and the 400 page for a bad Host header,
  which never reach the middleware further in.
* ``JsonOnlyMiddleware``: the hub's JSON endpoints under ``/api/`` take bodies as
  ``application/json`` only (415 otherwise), so a cross-site form or a ``text/plain`` fetch
  cannot post to them.
* ``ApiAddressMiddleware``: an API address (path or query) holding a NUL character is refused
  with a 400 in the API's envelope; PostgreSQL cannot compare text with one, so it would
  otherwise fail inside a lookup.
* ``NoStoreMiddleware``: pages that show a person's name or email, reached through signed
  links, are never stored by a browser or a proxy.
"""

from django.http import JsonResponse

JSON_API_PREFIX = "/api/"
# Wagtail's content API is read-only and has its own rules.
JSON_API_EXCLUDED = ("/api/v2/",)
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

NO_STORE_URL_NAMES = frozenset(
    {
        "intake:group_verify",
        "intake:membership_confirm",
        "intake:membership_leave",
        "intake:manage_request",
        "intake:manage_dashboard",
        "intake:manage_edit",
        "intake:manage_confirm",
        "intake:manage_archive",
        "intake:manage_membership_decide",
        "intake:manage_members_csv",
        "engagement:request_sent",
        "engagement:request_status",
        "engagement:champion_request",
    }
)


class BaselineHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault(
            "Content-Security-Policy", "frame-ancestors 'none'; object-src 'none'; base-uri 'self'"
        )
        return response


def unsupported_media_type() -> JsonResponse:
    return JsonResponse(
        {"detail": "Send the body as JSON, with the header Content-Type: application/json."},
        status=415,
    )


class JsonOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            request.method in BODY_METHODS
            and path.startswith(JSON_API_PREFIX)
            and not path.startswith(JSON_API_EXCLUDED)
        ):
            content_type = request.content_type or ""
            has_body = request.META.get("CONTENT_LENGTH") not in (None, "", "0")
            if (has_body or content_type) and content_type.lower() != "application/json":
                return unsupported_media_type()
        return self.get_response(request)


class ApiAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(JSON_API_PREFIX) and (
            "\x00" in request.path_info
            or any("\x00" in key or "\x00" in value for key, value in _query_items(request))
        ):
            return JsonResponse(
                {
                    "detail": "The address holds a NUL character. Remove it and try again.",
                    "errors": {},
                },
                status=400,
            )
        return self.get_response(request)


def _query_items(request):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in NO_STORE_URL_NAMES:
            response["Cache-Control"] = "no-store, private"
        return response
