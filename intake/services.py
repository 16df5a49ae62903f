"""Writes for the group register and memberships: every business rule lives here.

Each service validates, writes inside one transaction, and queues its emails in the outbox, which
sends them after the transaction commits. Status changes always go through ``.save()`` so the
search app's signal receivers see them.
"""

import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.text import slugify

from cms.models import Organisation
from intake.emails import email_queue
from intake.models import (
    Audience,
    GroupChange,
    Membership,
    ModerationDecision,
    Region,
    UserGroup,
)
from intake.selectors import privacy_notice
from intake.tokens import (
    absolute_url,
    contact_fingerprint,
    is_uuid,
    leave_link,
    link_for,
    manage_link,
    token_read,
)
from themes.models import Theme

logger = logging.getLogger(__name__)

PLAIN_FIELDS = [
    "name",
    "summary",
    "description",
    "membership",
    "how_to_join",
    "meeting_frequency",
    "format",
    "website",
    "contact_name",
    "contact_email",
    "contact_email_public",
    "next_meeting",
]
M2M_FIELDS = {
    "themes": Theme,
    "producing_organisations": Organisation,
    "regions": Region,
    "audiences": Audience,
}
# Edits to these on a listed group wait for an editor; the listed version stays public meanwhile.
MATERIAL_FIELDS = [
    "name",
    "summary",
    "description",
    "themes",
    "producing_organisations",
    "administering_body",
    "membership",
    "how_to_join",
    "website",
]
# Words a group's slug may not take because the URLs below /groups/ use them.
_RESERVED_SLUGS = {"register", "confirm", "join", "leave", "manage"}

INVALID_LINK = (
    "This link has expired or is not valid. Use the most recent link we sent you, "
    "or ask for a new one."
)


def _now() -> datetime:
    return timezone.now()


# --- Validation shared by the HTML forms and the JSON endpoints --------------------------------


def group_validate_rules(*, data: dict) -> None:
    """Rules across fields. Raises ValidationError keyed by field name."""
    errors = {}
    if (
        data.get("membership") == UserGroup.Membership.INVITATION
        and not (data.get("how_to_join") or "").strip()
    ):
        errors["how_to_join"] = (
            "Enter how people can contact the group, because it is invitation only."
        )
    next_meeting = data.get("next_meeting")
    if next_meeting and next_meeting < _now():
        errors["next_meeting"] = "Enter a date in the future for the next meeting."
    if errors:
        raise ValidationError(errors)


def _require_consent(data: dict) -> dict:
    if not data.get("consent"):
        raise ValidationError(
            {"consent": "Confirm you agree to us storing these details, as the notice describes."}
        )
    notice = privacy_notice()
    return {"consent_given_at": _now(), "privacy_notice_version": notice["version"]}


# --- Registration -------------------------------------------------------------------------------


def _slug_base(name: str) -> str:
    base = slugify(name)[:200].strip("-") or "group"
    return f"{base}-group" if base in _RESERVED_SLUGS else base


def _save_with_unique_slug(group: UserGroup) -> None:
    """Save a new group under a free slug; concurrent registrations of the same name are
    resolved by retrying in a savepoint with a random suffix."""
    base = _slug_base(group.name)
    candidate = base
    if UserGroup.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{uuid.uuid4().hex[:6]}"
    for _attempt in range(5):
        group.slug = candidate
        try:
            with transaction.atomic():
                group.save()
            return
        except IntegrityError:
            group.pk = None
            candidate = f"{base}-{uuid.uuid4().hex[:6]}"
    raise IntegrityError("Could not find a free slug for the group.")


def group_register(*, data: dict) -> UserGroup:
    """Store a registration and email the contact a link to verify their address.

    The registration reaches the moderation queue only once the address is verified.
    """
    group_validate_rules(data=data)
    consent = _require_consent(data)
    with transaction.atomic():
        group = UserGroup(
            **{field: data.get(field) for field in PLAIN_FIELDS if field in data},
            administering_body=data["administering_body"],
            status=UserGroup.Status.PENDING,
            **consent,
        )
        group.contact_email = group.contact_email.strip().lower()
        group.how_to_join = group.how_to_join or ""
        group.website = group.website or ""
        _save_with_unique_slug(group)
        for field in M2M_FIELDS:
            getattr(group, field).set(data.get(field) or [])
        email_queue(
            to=[group.contact_email],
            template="group_verify",
            subject=f"Confirm your email address to register {group.name}",
            context={
                "group": group,
                "verify_url": link_for(
                    url_name="intake:group_verify",
                    purpose="group-verify",
                    payload=str(group.public_id),
                ),
            },
        )
    logger.info("group registered", extra={"group_id": group.id})
    return group


def group_verify_email(*, token: str) -> UserGroup:
    """The contact clicked the verification link: the registration joins the moderation queue."""
    public_id = token_read(purpose="group-verify", token=token)
    with transaction.atomic():
        group = (
            UserGroup.objects.select_for_update().filter(public_id=public_id).first()
            if is_uuid(public_id)
            else None
        )
        if group is None:
            raise ValidationError(INVALID_LINK, code="invalid_token")
        if group.email_verified_at is not None:
            return group
        group.email_verified_at = _now()
        group.save()
        _notify_editors(
            group=group,
            subject=f"New group registration to moderate: {group.name}",
            reason="registered",
        )
        email_queue(
            to=[group.contact_email],
            template="group_received",
            subject=f"We have received your registration for {group.name}",
            context={"group": group},
        )
    return group


def _notify_editors(*, group: UserGroup, subject: str, reason: str) -> None:
    if not settings.HUB_EDITOR_EMAILS:
        return
    email_queue(
        to=list(settings.HUB_EDITOR_EMAILS),
        template="editors_moderate",
        subject=subject,
        context={
            "group": group,
            "reason": reason,
            "admin_url": absolute_url(
                reverse("intake_usergroup_modeladmin_inspect", args=[group.pk])
            ),
        },
    )


# --- Moderation ---------------------------------------------------------------------------------

_DECIDABLE = {UserGroup.Status.PENDING, UserGroup.Status.CHANGES_REQUESTED}


def _group_for_decision(group_id: int) -> UserGroup:
    group = UserGroup.objects.select_for_update().filter(pk=group_id).first()
    if group is None or group.email_verified_at is None or group.status not in _DECIDABLE:
        raise ValidationError(
            "Only verified registrations waiting for a decision can be approved, rejected or "
            "sent back for changes.",
            code="not_decidable",
        )
    return group


def _record(*, group, action, decided_by, reason="", change=None) -> ModerationDecision:
    return ModerationDecision.objects.create(
        group=group,
        change=change,
        action=action,
        reason=reason,
        decided_by=decided_by if getattr(decided_by, "pk", None) else None,
    )


def group_approve(*, group_id: int, decided_by, reason: str = "") -> UserGroup:
    """List the group publicly and send the contact a link to manage it."""
    with transaction.atomic():
        group = _group_for_decision(group_id)
        group.status = UserGroup.Status.LISTED
        group.last_confirmed_at = _now()
        group.save()
        _record(
            group=group,
            action=ModerationDecision.Action.APPROVE,
            decided_by=decided_by,
            reason=reason,
        )
        email_queue(
            to=[group.contact_email],
            template="group_approved",
            subject=f"{group.name} is now listed on the USER hub",
            context={
                "group": group,
                "group_url": absolute_url(group.get_absolute_url()),
                "manage_url": manage_link(group=group),
            },
        )
    return group


def group_reject(*, group_id: int, decided_by, reason: str) -> UserGroup:
    """Reject a registration; the contact is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Enter the reason for rejecting the registration; the contact will see it."}
        )
    with transaction.atomic():
        group = _group_for_decision(group_id)
        group.status = UserGroup.Status.REJECTED
        group.save()
        _record(
            group=group,
            action=ModerationDecision.Action.REJECT,
            decided_by=decided_by,
            reason=reason,
        )
        email_queue(
            to=[group.contact_email],
            template="group_rejected",
            subject=f"Your registration for {group.name} was not approved",
            context={"group": group, "reason": reason},
        )
    return group


def group_request_changes(*, group_id: int, decided_by, message: str) -> UserGroup:
    """Send the registration back to the contact with what to change."""
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": "Enter what the contact needs to change."})
    with transaction.atomic():
        group = _group_for_decision(group_id)
        group.status = UserGroup.Status.CHANGES_REQUESTED
        group.save()
        _record(
            group=group,
            action=ModerationDecision.Action.REQUEST_CHANGES,
            decided_by=decided_by,
            reason=message,
        )
        email_queue(
            to=[group.contact_email],
            template="group_changes_requested",
            subject=f"Changes needed before we list {group.name}",
            context={"group": group, "message": message, "manage_url": manage_link(group=group)},
        )
    return group


def group_bulk_decide(
    *, group_ids: list[int], action: str, decided_by, reason: str = ""
) -> dict[str, int]:
    """Approve or reject several registrations in one transaction. Registrations not waiting for
    a decision are skipped and counted."""
    if action not in ("approve", "reject"):
        raise ValidationError("Choose approve or reject.")
    if action == "reject" and not (reason or "").strip():
        raise ValidationError(
            {"reason": "Enter the reason for rejecting the registrations; contacts will see it."}
        )
    done = skipped = 0
    with transaction.atomic():
        for group_id in sorted({int(g) for g in group_ids}):
            try:
                with transaction.atomic():
                    if action == "approve":
                        group_approve(group_id=group_id, decided_by=decided_by)
                    else:
                        group_reject(group_id=group_id, decided_by=decided_by, reason=reason)
                done += 1
            except ValidationError:
                skipped += 1
    return {"done": done, "skipped": skipped}


# --- Managing a listing through the signed link -------------------------------------------------


def group_for_manage_token(*, token: str) -> UserGroup | None:
    """The group a manage link is for, or None if the link is invalid, expired or the contact
    address has changed since it was sent."""
    payload = token_read(purpose="manage", token=token)
    if not isinstance(payload, dict) or not is_uuid(payload.get("g")):
        return None
    group = UserGroup.objects.filter(
        public_id=payload["g"],
        email_verified_at__isnull=False,
        status__in=[
            UserGroup.Status.PENDING,
            UserGroup.Status.CHANGES_REQUESTED,
            UserGroup.Status.LISTED,
            UserGroup.Status.ARCHIVED,
        ],
    ).first()
    if group is None:
        return None
    if "c" in payload:
        matches = constant_time_compare(str(payload["c"]), contact_fingerprint(group.contact_email))
    else:  # links sent before the address left the URL (they expire within 14 days)
        matches = group.contact_email.lower() == str(payload.get("e", "")).lower()
    return group if matches else None


def manage_link_request(*, email: str) -> int:
    """Email fresh manage links for every group this address is the contact for. Says nothing
    to the caller about whether any exist, so addresses cannot be probed: not in the answer,
    and not in the time it takes (every request takes the same time)."""
    from hubsecurity.timing import constant_duration

    floor = float(getattr(settings, "HUB_MANAGE_REQUEST_SECONDS", 0.4))
    with constant_duration(seconds=floor, what="manage_link_request"):
        return _manage_link_request_now(email=email)


def _manage_link_request_now(*, email: str) -> int:
    email = (email or "").strip().lower()
    groups = list(
        UserGroup.objects.filter(
            contact_email__iexact=email,
            email_verified_at__isnull=False,
            status__in=[
                UserGroup.Status.PENDING,
                UserGroup.Status.CHANGES_REQUESTED,
                UserGroup.Status.LISTED,
            ],
        ).order_by("name")
    )
    if not groups:
        return 0
    with transaction.atomic():
        email_queue(
            to=[email],
            template="manage_links",
            subject="Your links to manage your group listings",
            context={
                "links": [{"group": group, "url": manage_link(group=group)} for group in groups]
            },
        )
    return len(groups)


def _serialise(field: str, value):
    if field in M2M_FIELDS:
        return sorted(obj.pk for obj in value)
    if field == "administering_body":
        return value.pk if value else None
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _current(group: UserGroup, field: str):
    if field in M2M_FIELDS:
        return sorted(obj.pk for obj in getattr(group, field).all())
    if field == "administering_body":
        return group.administering_body_id
    value = getattr(group, field)
    return value.isoformat() if isinstance(value, datetime) else value


def _apply(group: UserGroup, values: dict) -> None:
    """Set serialised values on the group, save it, then its many-to-many fields."""
    m2m = {}
    for field, value in values.items():
        if field in M2M_FIELDS:
            m2m[field] = value
        elif field == "administering_body":
            group.administering_body_id = value
        elif field == "next_meeting":
            group.next_meeting = datetime.fromisoformat(value) if value else None
        else:
            setattr(group, field, value if value is not None else "")
    group.save()
    for field, ids in m2m.items():
        getattr(group, field).set(M2M_FIELDS[field].objects.filter(pk__in=ids))


EDITABLE_FIELDS = [f for f in PLAIN_FIELDS if f != "contact_email"] + [
    "administering_body",
    *M2M_FIELDS,
]


def group_update(*, group_id: int, data: dict) -> dict:
    """The contact edits the listing. Before listing, edits apply at once (and a registration
    sent back for changes returns to the queue). Once listed, material edits wait for an editor
    while the listed version stays public; other edits apply at once."""
    group_validate_rules(data=data)
    proposed = {field: _serialise(field, data[field]) for field in EDITABLE_FIELDS if field in data}
    with transaction.atomic():
        group = UserGroup.objects.select_for_update().get(pk=group_id)
        if group.status in (UserGroup.Status.ARCHIVED, UserGroup.Status.REJECTED):
            raise ValidationError(
                "This listing is archived, so it can no longer be changed.", code="archived"
            )
        changed = {f: v for f, v in proposed.items() if _current(group, f) != v}
        if group.status != UserGroup.Status.LISTED:
            resubmitted = group.status == UserGroup.Status.CHANGES_REQUESTED
            if resubmitted:
                group.status = UserGroup.Status.PENDING
            _apply(group, changed)
            if resubmitted:
                _notify_editors(
                    group=group,
                    subject=f"Registration updated after changes were asked for: {group.name}",
                    reason="resubmitted",
                )
            return {"applied": sorted(changed), "waiting": []}
        minor = {f: v for f, v in changed.items() if f not in MATERIAL_FIELDS}
        material = {f: v for f, v in changed.items() if f in MATERIAL_FIELDS}
        if minor:
            _apply(group, minor)
        if material:
            GroupChange.objects.filter(group=group, status=GroupChange.Status.PENDING).update(
                status=GroupChange.Status.SUPERSEDED, decided_at=_now()
            )
            GroupChange.objects.create(
                group=group, data={f: proposed[f] for f in MATERIAL_FIELDS if f in proposed}
            )
            _notify_editors(
                group=group,
                subject=f"Edit to a listed group to moderate: {group.name}",
                reason="edited",
            )
    return {"applied": sorted(minor), "waiting": sorted(material)}


def _change_for_decision(change_id: int) -> GroupChange:
    change = (
        GroupChange.objects.select_for_update()
        .select_related("group")
        .filter(pk=change_id, status=GroupChange.Status.PENDING)
        .first()
    )
    if change is None:
        raise ValidationError("This edit has already been decided.", code="not_decidable")
    return change


def group_change_approve(*, change_id: int, decided_by) -> UserGroup:
    """Apply a waiting edit to the listed group."""
    with transaction.atomic():
        change = _change_for_decision(change_id)
        group = UserGroup.objects.select_for_update().get(pk=change.group_id)
        _apply(group, change.data)
        change.status = GroupChange.Status.APPROVED
        change.decided_at = _now()
        change.save()
        _record(
            group=group,
            change=change,
            action=ModerationDecision.Action.APPROVE_CHANGE,
            decided_by=decided_by,
        )
        email_queue(
            to=[group.contact_email],
            template="group_change_decided",
            subject=f"Your changes to {group.name} are now live",
            context={
                "group": group,
                "approved": True,
                "group_url": absolute_url(group.get_absolute_url()),
                "manage_url": manage_link(group=group),
            },
        )
    return group


def group_change_reject(*, change_id: int, decided_by, reason: str) -> UserGroup:
    """Turn down a waiting edit; the listed version stays as it is."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for rejecting the edit."})
    with transaction.atomic():
        change = _change_for_decision(change_id)
        change.status = GroupChange.Status.REJECTED
        change.decided_at = _now()
        change.save()
        _record(
            group=change.group,
            change=change,
            action=ModerationDecision.Action.REJECT_CHANGE,
            decided_by=decided_by,
            reason=reason,
        )
        email_queue(
            to=[change.group.contact_email],
            template="group_change_decided",
            subject=f"Your changes to {change.group.name} were not approved",
            context={
                "group": change.group,
                "approved": False,
                "reason": reason,
                "group_url": absolute_url(change.group.get_absolute_url()),
                "manage_url": manage_link(group=change.group),
            },
        )
    return change.group


def group_confirm_current(*, group_id: int) -> UserGroup:
    """The contact says the listing is still correct."""
    with transaction.atomic():
        group = UserGroup.objects.select_for_update().get(pk=group_id)
        if group.status == UserGroup.Status.ARCHIVED:
            raise ValidationError("This listing is archived.", code="archived")
        group.last_confirmed_at = _now()
        group.save()
    return group


def group_archive(*, group_id: int) -> UserGroup:
    """Take the listing down for good (for example, the group has closed)."""
    with transaction.atomic():
        group = UserGroup.objects.select_for_update().get(pk=group_id)
        if group.status == UserGroup.Status.ARCHIVED:
            return group
        group.status = UserGroup.Status.ARCHIVED
        group.save()
        GroupChange.objects.filter(group=group, status=GroupChange.Status.PENDING).update(
            status=GroupChange.Status.SUPERSEDED, decided_at=_now()
        )
    return group


# --- Joining ------------------------------------------------------------------------------------

DUPLICATE_MEMBERSHIP = (
    "This email address has already asked to join this group. Check your inbox for our "
    "emails, or use a different email address."
)


def _duplicate() -> ValidationError:
    return ValidationError({"email": ValidationError(DUPLICATE_MEMBERSHIP, code="duplicate")})


def _member_context(membership: Membership) -> dict:
    group = membership.group
    return {
        "membership": membership,
        "group": group,
        "group_url": absolute_url(group.get_absolute_url()),
        "directory_url": absolute_url(reverse("intake:group_directory")),
        # A meeting date the contact forgot to update is not news.
        "next_meeting": group.next_meeting
        if group.next_meeting and group.next_meeting > _now()
        else None,
        "leave_url": leave_link(membership=membership),
    }


def membership_request(*, group_id: int, data: dict) -> Membership:
    """Someone asks to join: store the request and email them a link to confirm their address."""
    consent = _require_consent(data)
    email = (data.get("email") or "").strip().lower()
    with transaction.atomic():
        group = UserGroup.objects.filter(pk=group_id).first()
        if group is None or not group.accepts_join_requests:
            raise ValidationError(
                "This group does not take requests to join through the hub. Contact the group "
                "as its page describes.",
                code="closed",
            )
        fields = {
            "name": data["name"],
            "organisation": data.get("organisation") or "",
            "hopes": data.get("hopes") or "",
            "status": Membership.Status.UNCONFIRMED,
            "confirmed_at": None,
            "decided_at": None,
            "left_at": None,
            **consent,
        }
        existing = Membership.objects.select_for_update().filter(group=group, email=email).first()
        if existing is not None and existing.status != Membership.Status.LEFT:
            raise _duplicate()
        if existing is not None:
            # Someone who left may join again: the same row is reused, so one email, one row.
            for field, value in fields.items():
                setattr(existing, field, value)
            existing.save()
            membership = existing
        else:
            try:
                with transaction.atomic():
                    membership = Membership.objects.create(group=group, email=email, **fields)
            except IntegrityError:
                raise _duplicate() from None
        email_queue(
            to=[email],
            template="membership_confirm",
            subject=f"Confirm your email address to join {group.name}",
            context={
                **_member_context(membership),
                "confirm_url": link_for(
                    url_name="intake:membership_confirm",
                    purpose="membership-confirm",
                    payload=str(membership.public_id),
                ),
            },
        )
    return membership


def membership_confirm(*, token: str) -> Membership:
    """Double opt-in: the person confirmed their address. Open groups let them in at once;
    request-to-join groups pass the request to the group's contact."""
    public_id = token_read(purpose="membership-confirm", token=token)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("group")
            .filter(public_id=public_id)
            .first()
            if is_uuid(public_id)
            else None
        )
        if membership is None or membership.status in (
            Membership.Status.LEFT,
            Membership.Status.DECLINED,
        ):
            raise ValidationError(INVALID_LINK, code="invalid_token")
        if membership.status != Membership.Status.UNCONFIRMED:
            return membership
        group = membership.group
        if not group.accepts_join_requests:
            raise ValidationError(
                "This group no longer takes requests to join through the hub.", code="closed"
            )
        membership.confirmed_at = _now()
        context = _member_context(membership)
        if group.membership == UserGroup.Membership.OPEN:
            membership.status = Membership.Status.ACTIVE
            membership.decided_at = membership.confirmed_at
            membership.save()
            email_queue(
                to=[membership.email],
                template="membership_welcome",
                subject=f"You have joined {group.name}",
                context=context,
            )
        else:
            membership.status = Membership.Status.PENDING
            membership.save()
            email_queue(
                to=[membership.email],
                template="membership_waiting",
                subject=f"Your request to join {group.name} has been sent",
                context=context,
            )
            email_queue(
                to=[group.contact_email],
                template="membership_request_contact",
                subject=f"{membership.name} has asked to join {group.name}",
                context={**context, "manage_url": manage_link(group=group)},
            )
    return membership


def membership_decide(*, group_id: int, membership_id: int, accept: bool) -> Membership:
    """The group's contact accepts or declines a request to join; the person is told."""
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("group")
            .filter(pk=membership_id, group_id=group_id)
            .first()
        )
        if membership is None or membership.status != Membership.Status.PENDING:
            raise ValidationError(
                "This request has already been answered or withdrawn.", code="not_decidable"
            )
        membership.status = Membership.Status.ACTIVE if accept else Membership.Status.DECLINED
        membership.decided_at = _now()
        membership.save()
        email_queue(
            to=[membership.email],
            template="membership_accepted" if accept else "membership_declined",
            subject=(
                f"You have joined {membership.group.name}"
                if accept
                else f"Your request to join {membership.group.name}"
            ),
            context=_member_context(membership),
        )
    return membership


def membership_leave(*, token: str) -> Membership:
    """The person leaves the group (or withdraws their request). Safe to repeat."""
    public_id = token_read(purpose="leave", token=token)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("group")
            .filter(public_id=public_id)
            .first()
            if is_uuid(public_id)
            else None
        )
        if membership is None:
            raise ValidationError(INVALID_LINK, code="invalid_token")
        if membership.status != Membership.Status.LEFT:
            membership.status = Membership.Status.LEFT
            membership.left_at = _now()
            membership.save()
    return membership
