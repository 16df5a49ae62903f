"""JSON endpoints for engagement requests, success stories and champion sign-ups, mounted under
/api/ by cms/api.py. They validate with the same forms and call the same services as the HTML
pages; POSTs accept an ``Idempotency-Key`` header. No response carries personal data."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import JsonResponse

from ninja import Field, Header, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from cms.api_links import link, linked
from cms.api_schemas import Message, ValidationErrors, page_schema
from cms.pagination import api_page
from cms.security.form_schema import form_schema
from cms.security.input_policy import PolicedSchema
from intake.engagement import services
from intake.engagement.forms import (
    ChampionSignupApiForm,
    EngagementRequestApiForm,
    SuccessStoryApiForm,
)
from intake.engagement.links import status_link, status_token
from intake.engagement.models import EngagementRequest
from intake.engagement.selectors import engagement_request_history, you_said_we_did_list
from intake.submissions.idempotency import HEADER, KEY_SCHEMA, run_idempotently
from intake.submissions.service_errors import api_error_body
from intake.submissions.spam import rate_limit_json

router = Router()


# The fields, their choices, lengths and formats come from the forms the HTML pages use.
EngagementRequestIn = form_schema(
    EngagementRequestApiForm,
    name="EngagementRequestIn",
    doc="A request for engagement, with the fields of the request form.",
    example={
        "organisation": "ons",
        "theme": "health-and-social-care",
        "statistics": "Weekly deaths",
        "kind": "methods",
        "description": "How do you allocate deaths to areas?",
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "consent": True,
    },
)


class EngagementRequestCreated(Schema):
    reference: str
    status: str
    status_url: str = Field(description="The requester's status page (a signed link).")
    status_token: str = Field(
        description="The status link's token, for POST /api/engagement-requests/status."
    )
    detail: str


class HistoryItem(Schema):
    status: str
    at: datetime
    by: str


class EngagementStatusOut(Schema):
    reference: str
    status: str
    status_label: str
    organisation: str
    theme: str
    kind: str
    created_at: datetime
    response: str
    history: list[HistoryItem]


class StatusTokenIn(PolicedSchema):
    token: str = Field(..., max_length=1000)


class YouSaidWeDidItem(Schema):
    organisation: str
    theme: str
    theme_slug: str
    kind: str
    you_said: str
    we_did: str
    answered_at: datetime


YouSaidWeDidPage = page_schema("YouSaidWeDidPage", YouSaidWeDidItem)


SuccessStoryIn = form_schema(
    SuccessStoryApiForm,
    name="SuccessStoryIn",
    doc="A success story, with the fields of the 'Share a success' form (images aside).",
    example={
        "title": "How a user panel reshaped our housing release",
        "organisation": "mhclg",
        "themes": ["housing"],
        "goals": ["collaborate"],
        "task": "We wanted to know which housing tables people used.",
        "approach": "We ran a user panel of 40 people over three months.",
        "outcome": "We cut three unused tables and added a local breakdown.",
        "name": "Mary Somerville",
        "email": "mary@example.org",
        "consent": True,
    },
)
ChampionSignupIn = form_schema(
    ChampionSignupApiForm,
    name="ChampionSignupIn",
    doc="A champion sign-up, with the fields of the sign-up form.",
    example={
        "name": "Grace Hopper",
        "email": "grace@example.org",
        "role": "Head of user engagement",
        "organisation": "dwp",
        "themes": ["people-in-work"],
        "consent": True,
    },
)


class Received(Schema):
    status: str
    detail: str


def _form_errors(form) -> dict:
    errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    return {"detail": "Some answers need correcting.", "errors": errors}


def _respond(status: int, body: dict, replayed: bool = False) -> JsonResponse:
    response = JsonResponse(body, status=status)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _form_data(payload: Schema) -> dict:
    """The payload as form data: None means "not given"."""
    return {key: value for key, value in payload.dict().items() if value is not None}


def _create(*, form_class, service, data: dict, scope: str, key: str | None, created):
    def handler():
        form = form_class(data=data)
        if not form.is_valid():
            return 422, _form_errors(form)
        try:
            result = service(data=form.cleaned_data)
        except ValidationError as error:
            return 422, api_error_body(error)
        except services.ReferenceExhausted:
            return 503, {"detail": services.TRY_AGAIN}
        return 201, created(result)

    return _respond(*run_idempotently(key=key, scope=scope, payload=data, handler=handler))


def _request_created(item: EngagementRequest) -> dict:
    token = status_token(reference=item.reference)
    return {
        "reference": item.reference,
        "status": item.status,
        "status_url": status_link(reference=item.reference, token=token),
        "status_token": token,
        "detail": "We have sent your request and emailed you the reference.",
    }


POST_RESPONSES = {400: Message, 409: Message, 422: ValidationErrors, 429: Message, 503: Message}


@router.post(
    "/engagement-requests",
    response={201: EngagementRequestCreated, **POST_RESPONSES},
    summary="Ask a producer for engagement",
    openapi_extra=linked(
        201,
        RequestStatus=link(
            "intake_engagement_api_engagement_request_status",
            "The request's status and history.",
            request_body={"token": "$response.body#/status_token"},
        ),
    ),
)
@decorate_view(rate_limit_json("api_engagement_request"))
def engagement_request_create(
    request,
    payload: EngagementRequestIn,
    idempotency_key: str | None = Header(None, alias=HEADER, **KEY_SCHEMA),
):
    """Send a request to an organisation's champions. The requester is emailed the reference
    and a link to the status page."""
    return _create(
        form_class=EngagementRequestApiForm,
        service=services.engagement_request_submit,
        data=_form_data(payload),
        scope="engagement_request",
        key=idempotency_key,
        created=_request_created,
    )


@router.post(
    "/engagement-requests/status",
    response={200: EngagementStatusOut, 404: Message, 429: Message},
    summary="The status of an engagement request",
)
@decorate_view(rate_limit_json("api_engagement_status"))
def engagement_request_status(request, payload: StatusTokenIn):
    """The status and history of a request, for the token in the requester's status link
    (the last part of the link's path)."""
    try:
        item = services.engagement_request_for_status_token(token=payload.token)
    except ValidationError as error:
        return Status(404, {"detail": " ".join(error.messages)})
    return Status(
        200,
        {
            "reference": item.reference,
            "status": item.status,
            "status_label": item.get_status_display(),
            "organisation": item.organisation.name,
            "theme": item.theme.name,
            "kind": item.kind,
            "created_at": item.created_at,
            "response": item.response,
            "history": [
                {"status": change.to_status, "at": change.changed_at, "by": change.actor_label}
                for change in engagement_request_history(engagement_request_id=item.id)
            ],
        },
    )


@router.get(
    "/you-said-we-did",
    response=YouSaidWeDidPage,
    summary="You said, we did",
)
def you_said_we_did(request, page: int = Query(1, ge=1, le=100000)):
    """Answered requests whose requesters agreed to publication, in the editors' words. 20 a
    page. Never any personal data."""
    return api_page(you_said_we_did_list(), number=page, item=_you_said_we_did_item)


def _you_said_we_did_item(item: EngagementRequest) -> dict:
    return {
        "organisation": item.organisation.name,
        "theme": item.theme.name,
        "theme_slug": item.theme.slug,
        "kind": item.get_kind_display(),
        "you_said": item.public_summary,
        "we_did": item.public_outcome,
        "answered_at": item.answered_at,
    }


@router.post(
    "/success-stories",
    response={201: Received, **POST_RESPONSES},
    summary="Share a success",
)
@decorate_view(rate_limit_json("api_success_story"))
def success_story_create(
    request,
    payload: SuccessStoryIn,
    idempotency_key: str | None = Header(None, alias=HEADER, **KEY_SCHEMA),
):
    """Send a success story. It becomes a draft case study in the editors' moderation
    workflow; nothing is published without an editor. (Images go through the HTML form.)"""
    return _create(
        form_class=SuccessStoryApiForm,
        service=services.success_story_submit,
        data=_form_data(payload),
        scope="success_story",
        key=idempotency_key,
        created=lambda story: {
            "status": "draft",
            "detail": "Thank you. The hub team will review your story before publishing it.",
        },
    )


@router.post(
    "/champion-signups",
    response={201: Received, **POST_RESPONSES},
    summary="Join the champions network",
)
@decorate_view(rate_limit_json("api_champion_signup"))
def champion_signup_create(
    request,
    payload: ChampionSignupIn,
    idempotency_key: str | None = Header(None, alias=HEADER, **KEY_SCHEMA),
):
    """Sign up as a user engagement champion; listed once an editor approves."""
    return _create(
        form_class=ChampionSignupApiForm,
        service=services.champion_signup_submit,
        data=_form_data(payload),
        scope="champion_signup",
        key=idempotency_key,
        created=lambda signup: {
            "status": signup.status,
            "detail": "Thank you. The hub team will check your sign-up and email you.",
        },
    )
