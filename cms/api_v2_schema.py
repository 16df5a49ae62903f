"""The OpenAPI description of Wagtail's content API (/api/v2/), merged into /api/openapi.json so
that one schema describes every public endpoint of the hub.

Wagtail's v2 router publishes no schema of its own; this describes what it serves here: the
listing envelope (``meta.total_count`` and ``items``), one record, and the query parameters
the hub's endpoints accept. Records carry more fields than are described (``fields=*`` adds a
page type's ``api_fields``), so every object stays open to further properties. Errors answer
the hub's envelope (``detail``) beside Wagtail's own ``message``.

The hub stays on v2: the headless front ends and the ONS-style consumers read v2's shape.
"""

from django.conf import settings

_INTEGER_ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
# Text parameters are short enough that a listing's whole query, each character encoded as up
# to twelve bytes, fits the request line gunicorn accepts (4094 bytes): a longer one is
# refused by the server before the hub sees it.
_FIELDS = {"type": "string", "maxLength": 100}
_NULLABLE_TEXT = {"type": ["string", "null"]}


# The databases refuse an offset past 2^63 (a server error); past any listing's length an
# offset only empties the page, so this bound loses nothing.
MAX_OFFSET = 1_000_000_000


def _parameter(name: str, schema: dict, description: str, *, where: str = "query") -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema,
        "description": description,
    }


def _listing_parameters(*, pages: bool) -> list[dict]:
    limit_max = int(getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20)
    parameters = [
        _parameter(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": limit_max},
            f"How many records a page of the listing holds (at most {limit_max}).",
        ),
        _parameter(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
            f"How many records to skip (at most {MAX_OFFSET:,}).",
        ),
        _parameter(
            "fields",
            _FIELDS,
            "Comma-separated fields to add (``*`` for all) or, with a leading ``-``, remove.",
        ),
        _parameter(
            "order",
            {"type": "string", "maxLength": 40},
            "A field to order by (``-`` before it for descending), or ``random``.",
        ),
        _parameter(
            "search", {"type": "string", "maxLength": 80}, "Words to search the records for."
        ),
        _parameter(
            "search_operator",
            {"type": "string", "enum": ["and", "or"]},
            "Whether every search word must match (``and``) or any (``or``).",
        ),
    ]
    if pages:
        parameters += [
            _parameter(
                "type",
                {"type": "string", "maxLength": 60},
                "Only pages of these types (``app_label.ModelName``, comma-separated).",
            ),
            _parameter("child_of", _INTEGER_ID, "Only the pages directly below this page."),
            _parameter("descendant_of", _INTEGER_ID, "Only the pages anywhere below this page."),
            _parameter("ancestor_of", _INTEGER_ID, "Only the pages above this page."),
        ]
    return parameters


def _record(meta: dict, *, title: str) -> dict:
    return {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "meta": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "description": "``app_label.ModelName``."},
                    "detail_url": {"type": "string", "format": "uri"},
                    **meta,
                },
            },
            "title": {"type": "string", "description": title},
        },
    }


_RECORDS = {
    "pages": (
        "WagtailPage",
        "A live, public page",
        _record(
            {
                "html_url": _NULLABLE_TEXT,
                "slug": {"type": "string"},
                "first_published_at": {"type": ["string", "null"], "format": "date-time"},
            },
            title="The page's title.",
        ),
    ),
    "images": (
        "WagtailImage",
        "A public image",
        _record(
            {"tags": {"type": "array", "items": {"type": "string"}}, "download_url": {}},
            title="The image's title.",
        ),
    ),
    "documents": (
        "WagtailDocument",
        "A document",
        _record(
            {"tags": {"type": "array", "items": {"type": "string"}}, "download_url": {}},
            title="The document's title.",
        ),
    ),
}


def _listing(record: str) -> dict:
    return {
        "type": "object",
        "required": ["meta", "items"],
        "properties": {
            "meta": {
                "type": "object",
                "required": ["total_count"],
                "properties": {
                    "total_count": {
                        "type": "integer",
                        "minimum": 0,
                        "description": "How many records match, on every page of the listing.",
                    }
                },
            },
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{record}"}},
        },
    }


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def wagtail_api_paths(prefix: str = "/api/v2") -> tuple[dict, dict]:
    """The paths and component schemas of Wagtail's v2 endpoints as the hub serves them."""
    paths: dict = {}
    components: dict = {}
    for endpoint, (record, summary, schema) in _RECORDS.items():
        components[record] = schema
        components[f"{record}Listing"] = _listing(record)
        reference = {"$ref": f"#/components/schemas/{record}"}
        listing_reference = {"$ref": f"#/components/schemas/{record}Listing"}
        paths[f"{prefix}/{endpoint}/"] = {
            "get": {
                "operationId": f"wagtail_api_{endpoint}_listing",
                "summary": f"{summary}s",
                "tags": ["content"],
                "parameters": _listing_parameters(pages=endpoint == "pages"),
                "responses": {
                    "200": _json(listing_reference, f"{summary}s, a page of the listing."),
                },
            }
        }
        paths[f"{prefix}/{endpoint}/{{id}}/"] = {
            "get": {
                "operationId": f"wagtail_api_{endpoint}_detail",
                "summary": summary,
                "tags": ["content"],
                "parameters": [
                    _parameter("id", _INTEGER_ID, "The record's id.", where="path"),
                    _parameter(
                        "fields",
                        _FIELDS,
                        "Comma-separated fields to add or (with ``-``) remove.",
                    ),
                ],
                "responses": {"200": _json(reference, summary + ".")},
            }
        }
        paths[f"{prefix}/{endpoint}/"]["get"]["responses"]["200"]["links"] = {
            "Detail": {
                "operationId": f"wagtail_api_{endpoint}_detail",
                "description": "The first record of the listing.",
                "parameters": {"id": "$response.body#/items/0/id"},
            }
        }
    return paths, components
