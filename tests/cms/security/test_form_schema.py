"""The JSON input schemas say what the HTML forms accept, and refuse what the forms would."""

import json

from django import forms

import pytest

from cms.security.form_schema import SLUG_PATTERN
from intake.engagement.forms import (
    ChampionSignupApiForm,
    EngagementRequestApiForm,
    SuccessStoryApiForm,
)
from intake.engagement.models import EngagementRequest
from intake.forms import GroupApiEditForm, GroupApiForm, JoinApiForm
from intake.models import UserGroup
from tests.intake.test_api import api_group

pytestmark = pytest.mark.django_db

SCHEMAS = {
    "GroupRegisterIn": GroupApiForm,
    "ManageEditIn": GroupApiEditForm,
    "JoinIn": JoinApiForm,
    "EngagementRequestIn": EngagementRequestApiForm,
    "SuccessStoryIn": SuccessStoryApiForm,
    "ChampionSignupIn": ChampionSignupApiForm,
}


@pytest.fixture(scope="module")
def components():
    from cms.api import api

    return api.get_openapi_schema()["components"]["schemas"]


def _plain(schema: dict) -> dict:
    """An optional field is ``anyOf: [<the type>, null]``: the type."""
    for option in schema.get("anyOf", ()):
        if option.get("type") != "null":
            return {**schema, **option}
    return schema


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_schema_field_is_the_forms_field(components, name):
    schema = components[name]
    form = SCHEMAS[name]()
    extra = {"token"} if name == "ManageEditIn" else set()
    assert set(schema["properties"]) == set(form.fields) | extra
    required = {field_name for field_name, field in form.fields.items() if field.required}
    assert set(schema.get("required", ())) == required | extra
    for field_name, field in form.fields.items():
        prop = _plain(schema["properties"][field_name])
        if isinstance(field, forms.ModelMultipleChoiceField):
            slug = field.queryset.model._meta.get_field(field.to_field_name)
            assert prop["type"] == "array"
            assert prop["items"]["pattern"] == SLUG_PATTERN
            assert prop["items"]["maxLength"] == slug.max_length
        elif isinstance(field, forms.ModelChoiceField):
            slug = field.queryset.model._meta.get_field(field.to_field_name)
            assert (prop["pattern"], prop["maxLength"]) == (SLUG_PATTERN, slug.max_length)
        elif isinstance(field, forms.MultipleChoiceField):
            assert prop["items"]["enum"] == [value for value, _ in field.choices]
        elif isinstance(field, forms.ChoiceField):
            assert prop["enum"] == [value for value, _ in field.choices if value]
        elif isinstance(field, forms.BooleanField):
            assert prop["type"] == "boolean"
            assert prop.get("const") is (True if field.required else None)
        elif isinstance(field, forms.CharField):
            assert prop["type"] == "string"
            assert prop["maxLength"] == field.max_length
            if isinstance(field, forms.EmailField):
                assert prop["format"] == "email"
            if isinstance(field, forms.URLField):
                assert prop["format"] == "uri"
        else:
            pytest.fail(f"{name}.{field_name}: a field type the schema test does not know")


def test_the_schemas_enums_are_the_models_choices(components):
    group = components["GroupRegisterIn"]["properties"]
    assert group["membership"]["enum"] == UserGroup.Membership.values
    assert group["meeting_frequency"]["enum"] == UserGroup.Frequency.values
    assert group["format"]["enum"] == UserGroup.Format.values
    kinds = components["EngagementRequestIn"]["properties"]["kind"]["enum"]
    assert kinds == EngagementRequest.Kind.values


def post(client, path, payload):
    return client.post(path, json.dumps(payload), content_type="application/json")


def test_an_answer_outside_the_enum_is_refused_in_the_forms_words(client):
    response = post(
        client,
        "/api/groups",
        {**api_group(), "membership": "everyone", "themes": ["no-such-theme"]},
    )
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str)
    # The schema's refusal, with the form's sentence; the form's other corrections at once.
    assert body["errors"]["membership"] == ["Select who can join the group from the list."]
    assert body["errors"]["themes"] == ["Select themes from the list."]
    assert set(body["errors"]) == {"membership", "themes"}
    assert not UserGroup.objects.exists()


def test_what_the_schema_requires_is_refused_with_the_forms_sentences(client):
    payload = {**api_group(), "name": "x" * 201, "consent": False}
    del payload["contact_name"]
    errors = post(client, "/api/groups", payload).json()["errors"]
    assert errors == {
        "name": ["Group name must be 200 characters or fewer."],
        "contact_name": ["Enter the name of the person or team to contact."],
        "consent": ["Confirm the contact agreed to us storing these details (consent: true)."],
    }
    kind = post(client, "/api/engagement-requests", {"kind": "complaint", "consent": True})
    assert kind.status_code == 422
    assert kind.json()["errors"]["kind"] == ["Choose what you are asking for from the options."]
    assert "email" in kind.json()["errors"]
    goals = post(client, "/api/success-stories", {"goals": ["world_peace"]})
    assert goals.json()["errors"]["goals"] == ["Choose goals from the list."]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_example_in_the_schema_is_a_body_the_form_accepts(components, name):
    for example in components[name].get("examples", ()):
        form = SCHEMAS[name](data=example)
        assert form.is_valid(), form.errors
