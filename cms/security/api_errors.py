"""One error envelope for every endpoint of the hub's JSON API, and the schema that says so.

Every error answers ``{"detail": "<a sentence>", "errors": {"<field>": ["<sentence>", ...]}}``:
validation (422), a body that is not JSON or too large (400, 413), a wrong content type (415,
from ``cms.security.middleware``), not found (404) and rate limited (429, with ``Retry-After``).
``HubNinjaAPI`` installs the handlers and documents each of these responses on every operation.
"""

import re

from django.core.exceptions import RequestDataTooBig
from django.http import Http404

from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

ENVELOPE = "ErrorEnvelope"
_ROOT_LOCATIONS = {"body", "payload", "query", "path", "header", "params"}
_PREFIX = re.compile(r"^(Value error|Assertion failed), ")


class ErrorEnvelope(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def envelope_from_validation(errors: list[dict]) -> dict:
    fields: dict[str, list[str]] = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if str(part) not in _ROOT_LOCATIONS]
        message = _PREFIX.sub("", str(error.get("msg", "This value is not valid.")))
        field = location[0] if location else "body"
        if field == "body" and ": " in message:
            field, message = message.split(": ", 1)
        fields.setdefault(field, []).append(message)
    return {"detail": "Check the highlighted answers and send them again.", "errors": fields}


_STATUS_SENTENCES = {
    400: "The request could not be read. Send a JSON object.",
    404: "Not found.",
    413: "The request body is too large.",
    415: "Send the body as JSON, with the header Content-Type: application/json.",
    422: "Check the highlighted answers and send them again.",
    429: "Too many requests from your address. Wait a minute and try again.",
}


class WagtailErrorEnvelopeMixin:
    """For Wagtail's v2 viewsets: their errors carry the hub's envelope (``detail`` and
    ``errors``) beside Wagtail's own ``message``, which v2's consumers read."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        data = getattr(response, "data", None)
        if isinstance(data, dict) and response.status_code >= 400:
            sentence = data.get("detail") or data.get("message")
            response.data = {
                **data,
                "detail": str(sentence or _STATUS_SENTENCES.get(response.status_code, "")),
                "errors": {},
            }
        return response


class HubNinjaAPI(NinjaAPI):
    """``openapi_additions``: a callable giving (paths, component schemas) served outside
    django-ninja, described in the same schema and given the same error responses.
    ``published_modules``: the module an endpoint's operation id was published under, for
    endpoints whose code has moved since (clients and links name operations by their id)."""

    def __init__(self, *args, openapi_additions=None, published_modules=None, **kwargs):
        self.openapi_additions = openapi_additions
        self.published_modules = published_modules or {}
        super().__init__(*args, **kwargs)
        self.add_exception_handler(ValidationError, self._on_validation)
        self.add_exception_handler(Http404, self._on_not_found)
        self.add_exception_handler(HttpError, self._on_http_error)
        self.add_exception_handler(RequestDataTooBig, self._on_too_big)

    def _on_validation(self, request, exc):
        return self.create_response(request, envelope_from_validation(exc.errors), status=422)

    def _on_not_found(self, request, exc):
        return self.create_response(request, {"detail": "Not found.", "errors": {}}, status=404)

    def _on_http_error(self, request, exc):
        sentence = _STATUS_SENTENCES.get(exc.status_code, str(exc.message))
        if exc.status_code == 400 and "JSON" in str(exc.message):
            sentence = _STATUS_SENTENCES[400]
        return self.create_response(
            request, {"detail": sentence, "errors": {}}, status=exc.status_code
        )

    def _on_too_big(self, request, exc):
        return self.create_response(
            request, {"detail": _STATUS_SENTENCES[413], "errors": {}}, status=413
        )

    def get_openapi_operation_id(self, operation) -> str:
        module = operation.view_func.__module__
        module = self.published_modules.get(module, module)
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components[ENVELOPE] = ErrorEnvelope.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        if self.openapi_additions is not None:
            paths, schemas = self.openapi_additions()
            schema.setdefault("paths", {}).update(paths)
            components.update(schemas)
        reference = {"$ref": f"#/components/schemas/{ENVELOPE}"}
        for path_item in schema.get("paths", {}).values():
            for method, operation in path_item.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                # django-ninja keys responses by number; one key per status, as JSON has.
                responses = {}
                for code, response in operation["responses"].items():
                    responses[str(code)] = {**responses.get(str(code), {}), **response}
                operation["responses"] = responses
                codes = [400, 404, 422]
                if method in ("post", "put", "patch"):
                    codes += [413, 415, 429]
                for code in codes:
                    key = str(code)
                    response = {
                        **responses.get(key, {}),
                        "description": responses.get(key, {}).get("description")
                        or _STATUS_SENTENCES[code],
                        "content": {"application/json": {"schema": reference}},
                    }
                    if code == 429:
                        response["headers"] = {
                            "Retry-After": {
                                "description": "Seconds to wait before trying again.",
                                "schema": {"type": "integer", "minimum": 1},
                            }
                        }
                    responses[key] = response
        return schema
