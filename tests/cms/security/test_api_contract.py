"""One error envelope for every JSON endpoint, documented in the OpenAPI schema as it really is."""

import json

from django.test import override_settings

import pytest

from intake.engagement.api import EngagementRequestIn

pytestmark = pytest.mark.django_db


def _is_envelope(body: dict) -> bool:
    return (
        isinstance(body.get("detail"), str)
        and isinstance(body.get("errors", {}), dict)
        and all(
            isinstance(v, list) and all(isinstance(m, str) for m in v)
            for v in body.get("errors", {}).values()
        )
    )


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_framework_validation_errors_use_the_envelope(client):
    wrong_types = post_json(client, "/api/engagement-requests", {"name": ["a"], "consent": "x"})
    assert wrong_types.status_code == 422
    body = wrong_types.json()
    assert _is_envelope(body) and set(body["errors"]) >= {"name", "consent"}

    not_an_object = post_json(client, "/api/engagement-requests", "not an object")
    assert not_an_object.status_code == 422 and _is_envelope(not_an_object.json())

    surrogate = post_json(client, "/api/champion-signups", {"themes": ["\ud800"]})
    assert surrogate.status_code == 422
    assert "themes" in surrogate.json()["errors"]

    not_json = client.post("/api/engagement-requests", "{", content_type="application/json")
    assert not_json.status_code in (400, 422) and _is_envelope(not_json.json())

    missing = client.get("/api/groups/no-such-group")
    assert missing.status_code == 404 and _is_envelope(missing.json())


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_a_body_over_the_limit_is_a_json_413(client):
    response = post_json(client, "/api/engagement-requests", {"description": "x" * 5000})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert _is_envelope(response.json())


def test_the_schema_documents_the_envelope_everywhere(client):
    schema = client.get("/api/openapi.json").json()
    envelope = schema["components"]["schemas"]["ErrorEnvelope"]
    assert envelope["required"] == ["detail"]
    assert set(envelope["properties"]) == {"detail", "errors"}
    reference = {"$ref": "#/components/schemas/ErrorEnvelope"}
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) > 10
    for path, method, operation in operations:
        responses = operation["responses"]
        for code in ("400", "404", "422"):
            assert responses[code]["content"]["application/json"]["schema"] == reference, (
                path,
                method,
                code,
            )
        if method == "post":
            assert responses["429"]["headers"]["Retry-After"]["schema"]["type"] == "integer"
            assert "415" in responses and "413" in responses


def test_every_link_leads_to_an_operation_and_its_parameters(client):
    schema = client.get("/api/openapi.json").json()
    operations = {
        operation["operationId"]: operation
        for item in schema["paths"].values()
        for operation in item.values()
    }
    links = [
        (name, link)
        for item in schema["paths"].values()
        for operation in item.values()
        for response in operation["responses"].values()
        for name, link in response.get("links", {}).items()
    ]
    assert {name for name, _ in links} >= {"GroupDetail", "JoinGroup", "RequestStatus"}
    for name, link in links:
        target = operations[link["operationId"]]
        declared = {parameter["name"] for parameter in target.get("parameters", ())}
        assert set(link.get("parameters", {})) <= declared, name
        if "requestBody" in link:
            body = target["requestBody"]["content"]["application/json"]["schema"]
            properties = _resolve(schema, body)["properties"]
            assert set(link["requestBody"]) <= set(properties), name


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_a_new_requests_token_opens_its_status(client):
    created = post_json(
        client,
        "/api/engagement-requests",
        EngagementRequestIn.example,
    ).json()
    status = post_json(
        client, "/api/engagement-requests/status", {"token": created["status_token"]}
    )
    assert status.status_code == 200
    assert status.json()["reference"] == created["reference"]
    assert created["status_url"].rstrip("/").endswith(created["status_token"])


def test_wagtails_content_api_is_in_the_one_schema(client, home_page):
    schema = client.get("/api/openapi.json").json()
    for endpoint in ("pages", "images", "documents"):
        listing = schema["paths"][f"/api/v2/{endpoint}/"]["get"]
        assert {"limit", "offset", "fields", "search"} <= {p["name"] for p in listing["parameters"]}
        assert f"/api/v2/{endpoint}/{{id}}/" in schema["paths"]
    pages = schema["components"]["schemas"]["WagtailPageListing"]
    assert pages["required"] == ["meta", "items"]
    assert pages["properties"]["meta"]["required"] == ["total_count"]
    limit = next(
        p for p in schema["paths"]["/api/v2/pages/"]["get"]["parameters"] if p["name"] == "limit"
    )
    assert limit["schema"]["maximum"] == 100  # WAGTAILAPI_LIMIT_MAX
    served = client.get("/api/v2/pages/").json()
    assert served["meta"]["total_count"] == len(served["items"]) >= 1


def test_wagtails_errors_carry_the_envelope_beside_their_message(client):
    too_many = client.get("/api/v2/pages/?limit=1000")
    assert too_many.status_code == 400
    body = too_many.json()
    assert _is_envelope(body) and body["detail"] == body["message"]
    missing = client.get("/api/v2/images/999999/")
    assert missing.status_code == 404 and _is_envelope(missing.json())
    assert "message" in missing.json()


@pytest.mark.parametrize(
    "address",
    [
        "/api/champions?organisation=ons%00&theme=x",
        "/api/organisations/ons%00",
        "/api/v2/pages/?search=a%00b",
        "/api/groups?theme=%00",
    ],
)
def test_a_nul_in_an_api_address_is_a_400_in_the_envelope(client, address):
    # Found on PostgreSQL, which cannot compare text holding a NUL: a 500 before.
    response = client.get(address)
    assert response.status_code == 400
    assert _is_envelope(response.json())


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_an_offset_past_what_the_database_takes_is_a_400_in_the_envelope(client, endpoint):
    # Found by schemathesis: SQLite raised "datatype mismatch" and answered 500.
    response = client.get(f"/api/v2/{endpoint}/?offset=1770529287531339789516192018857984")
    assert response.status_code == 400
    assert _is_envelope(response.json())
    assert client.get(f"/api/v2/{endpoint}/?offset=1000000000").status_code == 200
