"""Writes for engagement requests, success stories and champion sign-ups.

Each service validates, writes inside one transaction and queues its emails in the intake outbox,
which sends them after the transaction commits.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cms.editorial.models import Champion, Organisation
from cms.editorial.selectors import privacy_notice
from intake.engagement.case_studies import case_study_draft_create, case_study_index, image_create
from intake.engagement.links import CHAMPION, STATUS, champion_link, status_link
from intake.engagement.models import (
    ChampionSignup,
    EngagementRequest,
    EngagementStatusChange,
    SuccessStory,
)
from intake.engagement.references import reference_generate
from intake.engagement.selectors import champions_for_organisation
from intake.submissions.emails import email_queue
from intake.submissions.tokens import INVALID_LINK, absolute_url, token_read
from themes.models import Theme

logger = logging.getLogger(__name__)

Status = EngagementRequest.Status
STATUS_ORDER = [
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.IN_PROGRESS,
    Status.ANSWERED,
    Status.CLOSED,
]
REFERENCE_ATTEMPTS = 8


class ReferenceExhausted(RuntimeError):
    """Every generated reference collided: the code space is nearly full."""


TRY_AGAIN = "We could not send your request just now. Wait a minute and send it again."


def _editor_emails() -> list[str]:
    return list(settings.HUB_EDITOR_EMAILS)


def _admin_url(name: str, *args) -> str:
    return absolute_url(reverse(name, args=args))


# --- Engagement requests ------------------------------------------------------------------------


def engagement_request_submit(*, data: dict[str, Any]) -> EngagementRequest:
    """Store a request with a fresh unique reference, tell the requester and the champions.

    ``data`` is the cleaned data of ``EngagementRequestForm`` (HTML and JSON alike).
    """
    organisation = data["organisation"]
    theme = data["theme"]
    if not isinstance(organisation, Organisation) or not isinstance(theme, Theme):
        raise ValidationError("Choose an organisation and a theme from the lists.")
    notice = privacy_notice()
    now = timezone.now()
    with transaction.atomic():
        request = EngagementRequest(
            organisation=organisation,
            theme=theme,
            statistics=data["statistics"],
            kind=data["kind"],
            description=data["description"],
            name=data["name"],
            email=data["email"].lower(),
            requester_organisation=data.get("requester_organisation", ""),
            consent_to_publish=bool(data.get("consent_to_publish")),
            consent_given_at=now,
            privacy_notice_version=notice["version"],
            created_at=now,
        )
        _save_with_unique_reference(request)
        EngagementStatusChange.objects.create(
            request=request, to_status=Status.RECEIVED, actor_label="Requester", changed_at=now
        )
        _notify_request_received(request)
    return request


def _save_with_unique_reference(request: EngagementRequest) -> None:
    """Save with a random reference, drawing again when the unique constraint says it is taken."""
    for _attempt in range(REFERENCE_ATTEMPTS):
        request.reference = reference_generate()
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:
            if not EngagementRequest.objects.filter(reference=request.reference).exists():
                raise
            logger.info("engagement reference collided", extra={"reference": request.reference})
            request.pk = None
            continue
        return
    raise ReferenceExhausted("No free engagement reference after several attempts.")


def _notify_request_received(request: EngagementRequest) -> None:
    context = {
        "request": request,
        "status_url": status_link(reference=request.reference),
        "kind": request.get_kind_display(),
    }
    email_queue(
        to=[request.email],
        template="engagement/request_received",
        subject=f"We have your request {request.reference}",
        context=context,
    )
    champions = champions_for_organisation(organisation_id=request.organisation_id)
    for champion in champions:
        email_queue(
            to=[champion.email],
            template="engagement/request_new",
            subject=f"New engagement request {request.reference} for {request.organisation.name}",
            context={
                **context,
                "champion": champion,
                "handle_url": champion_link(
                    engagement_request_id=request.id, champion_id=champion.id
                ),
            },
        )
    if not champions:
        # Nobody to route it to: the hub team finds a champion.
        email_queue(
            to=_editor_emails(),
            template="engagement/request_new",
            subject=f"New engagement request {request.reference}: no champion for "
            f"{request.organisation.name}",
            context={
                **context,
                "champion": None,
                "handle_url": _admin_url("engagement_admin:request_update", request.id),
            },
        )


def engagement_request_allowed_statuses(*, current: str) -> list[str]:
    """Where a request can go next: any later step; closed is the end."""
    index = STATUS_ORDER.index(Status(current))
    return [str(status) for status in STATUS_ORDER[index + 1 :]]


def engagement_request_transition(
    *,
    engagement_request_id: int,
    to_status: str,
    response: str = "",
    user=None,
    champion_id: int | None = None,
) -> EngagementRequest:
    """Move a request to a later status, record who did it, and tell the requester."""
    response = (response or "").strip()
    with transaction.atomic():
        request = (
            EngagementRequest.objects.select_for_update()
            .select_related("organisation", "theme")
            .get(pk=engagement_request_id)
        )
        if to_status not in engagement_request_allowed_statuses(current=request.status):
            raise ValidationError(
                {
                    "status": "This request cannot move to that status. Choose one of the "
                    "statuses offered."
                }
            )
        if to_status == Status.ANSWERED and not response:
            raise ValidationError(
                {"response": "Enter the answer to send to the person who made the request."}
            )
        now = timezone.now()
        previous = request.status
        request.status = to_status
        if response:
            request.response = response
        if to_status != Status.RECEIVED and request.acknowledged_at is None:
            request.acknowledged_at = now
        if to_status == Status.ANSWERED:
            request.answered_at = now
        if to_status == Status.CLOSED:
            request.closed_at = now
        request.save()
        if champion_id:
            actor = "Champion"
        elif user is not None:
            actor = "Editor"
        else:
            actor = "System"
        EngagementStatusChange.objects.create(
            request=request,
            from_status=previous,
            to_status=to_status,
            note=response,
            changed_by=user,
            changed_by_champion_id=champion_id,
            actor_label=actor,
            changed_at=now,
        )
        if request.email:
            email_queue(
                to=[request.email],
                template="engagement/request_updated",
                subject=f"Your request {request.reference} is now "
                f"{request.get_status_display().lower()}",
                context={
                    "request": request,
                    "status_url": status_link(reference=request.reference),
                    "status": request.get_status_display(),
                    "response": response,
                },
            )
    return request


def engagement_request_publish_summary(
    *, engagement_request_id: int, public_summary: str, public_outcome: str
) -> EngagementRequest:
    """The editor's words for the "you said, we did" page."""
    with transaction.atomic():
        request = EngagementRequest.objects.select_for_update().get(pk=engagement_request_id)
        request.public_summary = (public_summary or "").strip()
        request.public_outcome = (public_outcome or "").strip()
        request.save(update_fields=["public_summary", "public_outcome", "updated_at"])
    return request


def engagement_request_for_status_token(*, token: str) -> EngagementRequest:
    payload = token_read(purpose=STATUS, token=token)
    request = None
    if payload and isinstance(payload.get("r"), str):
        request = (
            EngagementRequest.objects.select_related("organisation", "theme")
            .filter(reference=payload["r"])
            .first()
        )
    if request is None:
        raise ValidationError(INVALID_LINK)
    return request


def engagement_request_for_champion_token(*, token: str) -> tuple[EngagementRequest, Champion]:
    """The request and champion a champion's link is for, while the champion is still listed
    for the request's organisation."""
    payload = token_read(purpose=CHAMPION, token=token)
    if (
        not payload
        or not isinstance(payload.get("r"), int)
        or not isinstance(payload.get("c"), int)
    ):
        raise ValidationError(INVALID_LINK)
    request = (
        EngagementRequest.objects.select_related("organisation", "theme")
        .filter(pk=payload["r"])
        .first()
    )
    champion = Champion.objects.filter(pk=payload["c"], is_listed=True).first()
    if request is None or champion is None or champion.organisation_id != request.organisation_id:
        raise ValidationError(INVALID_LINK)
    return request, champion


# --- Champion sign-ups --------------------------------------------------------------------------


def champion_signup_submit(*, data: dict[str, Any]) -> ChampionSignup:
    """Store a sign-up for an editor to approve; tell the person and the editors."""
    notice = privacy_notice()
    with transaction.atomic():
        signup = ChampionSignup.objects.create(
            name=data["name"],
            email=data["email"].lower(),
            role=data["role"],
            organisation=data["organisation"],
            bio=data.get("bio", ""),
            show_email=bool(data.get("show_email")),
            consent_given_at=timezone.now(),
            privacy_notice_version=notice["version"],
        )
        signup.themes.set(data.get("themes") or [])
        email_queue(
            to=[signup.email],
            template="engagement/champion_signup_received",
            subject="We have your request to join the champions network",
            context={"signup": signup},
        )
        email_queue(
            to=_editor_emails(),
            template="engagement/champion_signup_new",
            subject=f"New champion sign-up from {signup.organisation.name}",
            context={
                "signup": signup,
                "admin_url": _admin_url("engagement_admin:signup_decide", signup.id),
            },
        )
    return signup


def _decidable_signup(signup_id: int) -> ChampionSignup:
    signup = (
        ChampionSignup.objects.select_for_update().select_related("organisation").get(pk=signup_id)
    )
    if signup.status != ChampionSignup.Status.PENDING:
        raise ValidationError("This sign-up has already been decided.")
    return signup


def champion_signup_approve(*, signup_id: int, user) -> ChampionSignup:
    """List the person as a champion (a ``cms.Champion`` snippet) and tell them."""
    with transaction.atomic():
        signup = _decidable_signup(signup_id)
        champion = Champion.objects.create(
            name=signup.name,
            role=signup.role,
            organisation=signup.organisation,
            email=signup.email,
            show_email=signup.show_email,
            bio=signup.bio,
            is_listed=True,
        )
        champion.themes.set(list(signup.themes.all()))
        champion.save()
        signup.status = ChampionSignup.Status.APPROVED
        signup.decided_by = user
        signup.decided_at = timezone.now()
        signup.champion = champion
        signup.save()
        email_queue(
            to=[signup.email],
            template="engagement/champion_signup_approved",
            subject="You are now a user engagement champion",
            context={"signup": signup},
        )
    return signup


def champion_signup_reject(*, signup_id: int, user, reason: str) -> ChampionSignup:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason, so the person knows why."})
    with transaction.atomic():
        signup = _decidable_signup(signup_id)
        signup.status = ChampionSignup.Status.REJECTED
        signup.reason = reason
        signup.decided_by = user
        signup.decided_at = timezone.now()
        signup.save()
        email_queue(
            to=[signup.email],
            template="engagement/champion_signup_rejected",
            subject="Your request to join the champions network",
            context={"signup": signup},
        )
    return signup


# --- Success stories ----------------------------------------------------------------------------


def success_story_submit(*, data: dict[str, Any], image=None, image_extension: str = ""):
    """Create a draft case study under the case-study index and submit it to moderation.

    The story and who sent it are stored in one transaction; nothing is published.
    """
    notice = privacy_notice()
    alt_text = data.get("image_alt", "") if image is not None else ""
    with transaction.atomic():
        parent = case_study_index()
        stored_image = None
        if image is not None:
            stored_image = image_create(
                upload=image,
                title=data["title"],
                alt_text=alt_text,
                extension=image_extension or "jpg",
            )
        page = (
            case_study_draft_create(
                data=data, parent=parent, image=stored_image, image_alt_text=alt_text
            )
            if parent
            else None
        )
        story = SuccessStory.objects.create(
            title=data["title"],
            page=page,
            image=stored_image,
            name=data["name"],
            email=data["email"].lower(),
            consent_given_at=timezone.now(),
            privacy_notice_version=notice["version"],
        )
        email_queue(
            to=[story.email],
            template="engagement/success_received",
            subject="Thank you for sharing your success",
            context={"story": story},
        )
        email_queue(
            to=_editor_emails(),
            template="engagement/success_new",
            subject=f"New success story to review: {story.title}",
            context={
                "story": story,
                "organisation": data["organisation"],
                "edit_url": _admin_url("wagtailadmin_pages:edit", page.id) if page else "",
                "image_url": _admin_url("wagtailimages:edit", stored_image.id)
                if stored_image
                else "",
            },
        )
    if page is None:
        logger.warning(
            "no case-study index: success story kept without a page", extra={"story_id": story.id}
        )
    return story
