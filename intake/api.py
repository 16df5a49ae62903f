"""JSON endpoints of the group register, mounted under /api/ by cms/api.py.

They call the same services as the HTML forms and validate with the same Django forms. POSTs
that create records accept an ``Idempotency-Key`` header.
"""

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import JsonResponse

from ninja import Field, Header, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import create_model, model_validator

from cms.api_links import group_links, linked
from cms.api_schemas import Message, ValidationErrors, page_schema
from cms.pagination import api_page
from cms.security.form_schema import FormSchema, form_schema, schema_field
from cms.security.input_policy import PolicedSchema
from intake import selectors, services
from intake.forms import GroupApiEditForm, GroupApiForm, JoinApiForm, ManageLinkRequestForm
from intake.listing import RELATIONS, SHOWN_FIELDS
from intake.models import UserGroup
from intake.submissions.idempotency import HEADER, KEY_SCHEMA, run_idempotently
from intake.submissions.service_errors import api_error_body
from intake.submissions.spam import rate_limit_json
from intake.submissions.tokens import absolute_url

router = Router()


# --- Schemas ------------------------------------------------------------------------------------


class InputSchema(PolicedSchema):
    """Every input body follows the hub's input policy (``cms.security.input_policy``)."""


def _shown_type(field: str):
    return list[str] if field in RELATIONS else str  # related records, and the body, by slug


# A listing as the API returns it: its shown fields (intake.listing) between what identifies it
# and what is derived from it.
GroupOut = create_model(
    "GroupOut",
    __base__=Schema,
    id=(str, ...),
    slug=(str, ...),
    url=(str, ...),
    **{field: (_shown_type(field), ...) for field in SHOWN_FIELDS},
    contact_email=(str, Field(description="Empty unless the contact chose to show it.")),
    next_meeting=(
        datetime | None,
        Field(description="The first upcoming meeting the group has added (derived, read only)."),
    ),
    last_confirmed_at=(datetime | None, ...),
)


GroupPage = page_schema("GroupPage", GroupOut)


class GroupFieldsSchema(FormSchema):
    """A listing's fields, as the registration and edit forms take them."""

    @model_validator(mode="before")
    @classmethod
    def _next_meeting_is_not_typed(cls, data):
        # Said, not silently dropped: a client that sends it must learn where it comes from.
        body = getattr(data, "_obj", data)  # django-ninja wraps the body in a DjangoGetter
        if isinstance(body, dict) and "next_meeting" in body:
            raise ValueError(
                "next_meeting: The next meeting comes from the group's meetings. Add a meeting"
                " through the group's manage link instead."
            )
        return data


# The fields, their choices, lengths and formats come from the forms the HTML pages use.
GroupRegisterIn = form_schema(
    GroupApiForm,
    name="GroupRegisterIn",
    doc="A group to register, with the fields of the registration form.",
    base=GroupFieldsSchema,
    example={
        "name": "Coastal shipping statistics users",
        "summary": "Users of coastal shipping statistics.",
        "description": "Freight moved between UK ports, and the breakdowns users need.",
        "themes": ["international-trade"],
        "producing_organisations": ["dft"],
        "administering_body": "dft",
        "membership": "request",
        "meeting_frequency": "yearly",
        "format": "online",
        "regions": ["united-kingdom"],
        "contact_name": "Maritime statistics",
        "contact_email": "maritime@dft.example.gov.uk",
        "consent": True,
    },
)


class GroupRegistered(Schema):
    id: str
    slug: str
    status: str
    detail: str


class SimilarIn(InputSchema):
    name: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)


class SimilarGroup(Schema):
    name: str
    slug: str
    summary: str
    url: str
    join_url: str


class TokenIn(InputSchema):
    token: str = Field(..., max_length=2000)


class StatusOut(Schema):
    status: str
    detail: str


JoinIn = form_schema(
    JoinApiForm,
    name="JoinIn",
    doc="A request to join, with the fields of the join form.",
    example={"name": "Ada Lovelace", "email": "ada@example.org", "consent": True},
)


class JoinOut(Schema):
    id: str
    status: str
    detail: str


# The manage-link form's address field: its length and format.
_ManageEmail, _ = schema_field(ManageLinkRequestForm.base_fields["email"])


class EmailIn(InputSchema):
    email: _ManageEmail


ManageEditIn = form_schema(
    GroupApiEditForm,
    name="ManageEditIn",
    doc="A listing's new details, with the fields of the edit form, and the manage token.",
    base=GroupFieldsSchema,
    token=(str, Field(..., max_length=2000)),
)


class ManageEditOut(Schema):
    applied: list[str]
    waiting: list[str]
    detail: str


class MemberOut(Schema):
    id: int
    name: str
    email: str
    organisation: str
    hopes: str
    status: str
    created_at: datetime


class ManageOut(Schema):
    group: GroupOut
    status: str
    pending_change: bool
    members: list[MemberOut]


class DecisionIn(InputSchema):
    token: str = Field(..., max_length=2000)
    decision: Literal["accept", "decline"]


# --- Helpers ------------------------------------------------------------------------------------


def _group_out(group: UserGroup) -> dict:
    return {
        "id": str(group.public_id),
        "slug": group.slug,
        "url": absolute_url(group.get_absolute_url()),
        **selectors.group_listing_values(group),
        "contact_email": group.public_contact_email,
        "next_meeting": group.next_meeting,
        "last_confirmed_at": group.last_confirmed_at,
    }


def _form_errors(form) -> dict:
    errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    return {"detail": "Some answers need correcting.", "errors": errors}


def _status_for(error: ValidationError) -> int:
    if hasattr(error, "error_dict"):
        codes = {e.code for errors in error.error_dict.values() for e in errors}
    else:
        codes = {e.code for e in error.error_list}
    if "duplicate" in codes:
        return 409
    if "invalid_token" in codes:
        return 404
    return 422


def _respond(status: int, body: dict, replayed: bool = False) -> JsonResponse:
    response = JsonResponse(body, status=status)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


# --- Read ---------------------------------------------------------------------------------------


@router.get(
    "/groups",
    response=GroupPage,
    summary="Listed groups",
    openapi_extra=linked(200, **group_links("$response.body#/results/0/slug")),
)
def group_list(request, theme: str | None = None, page: int = 1):
    """Listed groups, 20 a page, optionally only those tagged with a theme or a theme below it."""
    groups = selectors.group_list(theme_slug=(theme or "")[:120] or None)
    return api_page(groups, number=page, item=_group_out)


# --- Registration -------------------------------------------------------------------------------


@router.post(
    "/groups/similar", response=list[SimilarGroup], summary="Listed groups similar to a new one"
)
@decorate_view(rate_limit_json("api_group_similar"))
def group_similar(request, payload: SimilarIn):
    """Check for duplicates before registering: listed groups with a similar name or
    description."""
    return [
        {
            "name": g.name,
            "slug": g.slug,
            "summary": g.summary,
            "url": absolute_url(g.get_absolute_url()),
            "join_url": absolute_url(f"{g.get_absolute_url()}join/"),
        }
        for g in selectors.group_similar(name=payload.name, description=payload.description)
    ]


@router.post(
    "/groups",
    response={201: GroupRegistered, 400: Message, 409: Message, 422: ValidationErrors},
    summary="Register a group",
    openapi_extra=linked(201, **group_links("$response.body#/slug")),
)
@decorate_view(rate_limit_json("api_group_register"))
def group_register(
    request,
    payload: GroupRegisterIn,
    idempotency_key: str | None = Header(None, alias=HEADER, **KEY_SCHEMA),
):
    """Register a group. The contact is emailed a link to verify their address; the
    registration reaches moderation once it is verified."""
    data = payload.dict()

    def handler():
        form = GroupApiForm(data=data)
        if not form.is_valid():
            return 422, _form_errors(form)
        try:
            group = services.group_register(data=form.cleaned_data)
        except ValidationError as error:
            return _status_for(error), api_error_body(error)
        return 201, {
            "id": str(group.public_id),
            "slug": group.slug,
            "status": group.status,
            "detail": "We have emailed the contact a link to confirm their address.",
        }

    return _respond(
        *run_idempotently(
            key=idempotency_key, scope="group_register", payload=data, handler=handler
        )
    )


@router.post(
    "/groups/verify",
    response={200: StatusOut, 404: Message},
    summary="Verify a registration's contact email",
)
@decorate_view(rate_limit_json("api_group_verify"))
def group_verify(request, payload: TokenIn):
    try:
        group = services.group_verify_email(token=payload.token)
    except ValidationError as error:
        return Status(404, {"detail": " ".join(error.messages)})
    return Status(200, {"status": group.status, "detail": "The registration is with the hub team."})


# --- Joining ------------------------------------------------------------------------------------


@router.post(
    "/groups/{slug}/join",
    response={
        201: JoinOut,
        400: Message,
        404: Message,
        409: ValidationErrors,
        422: ValidationErrors,
    },
    summary="Ask to join a group",
)
@decorate_view(rate_limit_json("api_group_join"))
def group_join(
    request,
    slug: str,
    payload: JoinIn,
    idempotency_key: str | None = Header(None, alias=HEADER, **KEY_SCHEMA),
):
    """Ask to join a listed group. The person is emailed a link to confirm their address
    (double opt-in) before anything else happens."""
    group = selectors.group_get_listed(slug=slug[:220])
    if group is None:
        return Status(404, {"detail": "No listed group has this slug."})
    data = payload.dict()

    def handler():
        form = JoinApiForm(data=data)
        if not form.is_valid():
            return 422, _form_errors(form)
        try:
            membership = services.membership_request(group_id=group.id, data=form.cleaned_data)
        except ValidationError as error:
            return _status_for(error), api_error_body(error)
        return 201, {
            "id": str(membership.public_id),
            "status": membership.status,
            "detail": "We have emailed a link to confirm the address.",
        }

    return _respond(
        *run_idempotently(
            key=idempotency_key, scope=f"group_join:{group.id}", payload=data, handler=handler
        )
    )


@router.post(
    "/memberships/confirm",
    response={200: StatusOut, 404: Message, 422: Message},
    summary="Confirm a request to join",
)
@decorate_view(rate_limit_json("api_membership_confirm"))
def membership_confirm(request, payload: TokenIn):
    try:
        membership = services.membership_confirm(token=payload.token)
    except ValidationError as error:
        return Status(_status_for(error), {"detail": " ".join(error.messages)})
    detail = (
        "The person is now a member."
        if membership.status == "active"
        else "The request is with the group's contact."
    )
    return Status(200, {"status": membership.status, "detail": detail})


@router.post("/memberships/leave", response={200: StatusOut, 404: Message}, summary="Leave a group")
@decorate_view(rate_limit_json("api_membership_leave"))
def membership_leave(request, payload: TokenIn):
    try:
        membership = services.membership_leave(token=payload.token)
    except ValidationError as error:
        return Status(404, {"detail": " ".join(error.messages)})
    return Status(200, {"status": membership.status, "detail": "The person has left the group."})


# --- Managing a listing -------------------------------------------------------------------------


@router.post("/manage/request", response={202: Message}, summary="Email fresh manage links")
@decorate_view(rate_limit_json("api_manage_request"))
def manage_request(request, payload: EmailIn):
    """Email links to manage every listing this address is the contact for. The answer is the
    same whether or not there are any."""
    services.manage_link_request(email=payload.email)
    return Status(202, {"detail": "If the address is a group contact, we have emailed it links."})


def _managed(token: str):
    return services.group_for_manage_token(token=token)


_EXPIRED = {"detail": "This link has expired or is not valid. Ask for a new one."}


@router.post(
    "/manage/listing", response={200: ManageOut, 404: Message}, summary="A listing, for its contact"
)
@decorate_view(rate_limit_json("api_manage"))
def manage_listing(request, payload: TokenIn):
    group = _managed(payload.token)
    if group is None:
        return Status(404, _EXPIRED)
    return Status(
        200,
        {
            "group": _group_out(group),
            "status": group.status,
            "pending_change": selectors.group_pending_change(group_id=group.id) is not None,
            "members": list(selectors.membership_list_for_contact(group_id=group.id)),
        },
    )


@router.post(
    "/manage/edit",
    response={200: ManageEditOut, 404: Message, 422: ValidationErrors},
    summary="Edit a listing",
)
@decorate_view(rate_limit_json("api_manage"))
def manage_edit(request, payload: ManageEditIn):
    """Edit a listing. Material edits to a listed group wait for an editor."""
    group = _managed(payload.token)
    if group is None:
        return Status(404, _EXPIRED)
    form = GroupApiEditForm(data=payload.dict())
    if not form.is_valid():
        return Status(422, _form_errors(form))
    try:
        result = services.group_update(group_id=group.id, data=form.cleaned_data)
    except ValidationError as error:
        return Status(422, api_error_body(error))
    detail = (
        "Saved. Some changes will go live once the hub team approves them."
        if result["waiting"]
        else "Saved."
    )
    return Status(200, {**result, "detail": detail})


@router.post(
    "/manage/confirm-current",
    response={200: StatusOut, 404: Message, 422: Message},
    summary="Confirm a listing is still correct",
)
@decorate_view(rate_limit_json("api_manage"))
def manage_confirm_current(request, payload: TokenIn):
    group = _managed(payload.token)
    if group is None:
        return Status(404, _EXPIRED)
    try:
        group = services.group_confirm_current(group_id=group.id)
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(200, {"status": group.status, "detail": "Marked as still correct."})


@router.post(
    "/manage/archive", response={200: StatusOut, 404: Message}, summary="Archive a listing"
)
@decorate_view(rate_limit_json("api_manage"))
def manage_archive(request, payload: TokenIn):
    group = _managed(payload.token)
    if group is None:
        return Status(404, _EXPIRED)
    group = services.group_archive(group_id=group.id)
    return Status(200, {"status": group.status, "detail": "The listing is archived."})


@router.post(
    "/manage/memberships/{membership_id}/decision",
    response={200: StatusOut, 404: Message, 409: Message, 422: Message},
    summary="Accept or decline a request to join",
)
@decorate_view(rate_limit_json("api_manage"))
def manage_membership_decide(request, membership_id: int, payload: DecisionIn):
    group = _managed(payload.token)
    if group is None:
        return Status(404, _EXPIRED)
    try:
        membership = services.membership_decide(
            group_id=group.id, membership_id=membership_id, accept=payload.decision == "accept"
        )
    except ValidationError as error:
        return Status(409, {"detail": " ".join(error.messages)})
    return Status(200, {"status": membership.status, "detail": "The person has been told."})


# Registered last so the fixed paths under /groups/ above take precedence.
@router.get(
    "/groups/{slug}",
    response={200: GroupOut, 404: Message},
    summary="One listed group",
    openapi_extra=linked(200, JoinGroup=group_links("$response.body#/slug")["JoinGroup"]),
)
def group_detail(request, slug: str):
    group = selectors.group_get_listed(slug=slug[:220])
    if group is None:
        return Status(404, {"detail": "No listed group has this slug."})
    return Status(200, _group_out(group))
