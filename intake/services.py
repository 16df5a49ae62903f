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
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.text import slugify

from cms.editorial.selectors import privacy_notice
from cms.security.timing import constant_duration
from intake.alerts.services import alerts_on_news
from intake.confirmation import confirmation_remind, confirmation_reset
from intake.links import contact_fingerprint, leave_link, manage_link
from intake.listing import (
    EDITABLE_FIELDS,
    MATERIAL_FIELDS,
    PLAIN_FIELDS,
    RELATIONS,
    apply_values,
    current_value,
    stored_value,
)
from intake.models import (
    GroupChange,
    GroupHandover,
    Membership,
    ModerationDecision,
    UserGroup,
)
from intake.submissions.emails import email_queue
from intake.submissions.tokens import INVALID_LINK, absolute_url, is_uuid, link_for, token_read

logger = logging.getLogger(__name__)

# Words a group's slug may not take because the URLs below /groups/ use them.
_RESERVED_SLUGS = {"register", "confirm", "join", "leave", "manage", "handover"}


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
        for field in RELATIONS:
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
        alerts_on_news()  # a new group under what its followers follow
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


# Verified registrations, and imported listings (whose contact has not used a link yet).
_REACHABLE_BY_LINK = Q(email_verified_at__isnull=False) | Q(imported_at__isnull=False)


def group_for_manage_token(*, token: str) -> UserGroup | None:
    """The group a manage link is for, or None if the link is invalid, expired or the contact
    address has changed since it was sent."""
    payload = token_read(purpose="manage", token=token)
    if not isinstance(payload, dict) or not is_uuid(payload.get("g")):
        return None
    group = (
        UserGroup.objects.filter(_REACHABLE_BY_LINK)
        .filter(
            public_id=payload["g"],
            status__in=[
                UserGroup.Status.PENDING,
                UserGroup.Status.CHANGES_REQUESTED,
                UserGroup.Status.LISTED,
                UserGroup.Status.HIDDEN,
                UserGroup.Status.ARCHIVED,
            ],
        )
        .first()
    )
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
    floor = float(settings.HUB_MANAGE_REQUEST_SECONDS)
    with constant_duration(seconds=floor, what="manage_link_request"):
        return _manage_link_request_now(email=email)


def _manage_link_request_now(*, email: str) -> int:
    email = (email or "").strip().lower()
    groups = list(
        UserGroup.objects.filter(_REACHABLE_BY_LINK)
        .filter(
            contact_email__iexact=email,
            status__in=[
                UserGroup.Status.PENDING,
                UserGroup.Status.CHANGES_REQUESTED,
                UserGroup.Status.LISTED,
                UserGroup.Status.HIDDEN,
            ],
        )
        .order_by("name")
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


def group_update(*, group_id: int, data: dict) -> dict:
    """The contact edits the listing. Before listing, edits apply at once (and a registration
    sent back for changes returns to the queue). Once listed, material edits wait for an editor
    while the listed version stays public; other edits apply at once."""
    group_validate_rules(data=data)
    proposed = {
        field: stored_value(field, data[field]) for field in EDITABLE_FIELDS if field in data
    }
    with transaction.atomic():
        group = UserGroup.objects.select_for_update().get(pk=group_id)
        if group.status in (UserGroup.Status.ARCHIVED, UserGroup.Status.REJECTED):
            raise ValidationError(
                "This listing is archived, so it can no longer be changed.", code="archived"
            )
        changed = {f: v for f, v in proposed.items() if current_value(group, f) != v}
        if group.can_be_confirmed:
            # Editing a listed (or hidden) listing is confirming it: a new cycle starts.
            confirmation_reset(group=group, now=_now())
            group.save()
        if group.status != UserGroup.Status.LISTED:
            resubmitted = group.status == UserGroup.Status.CHANGES_REQUESTED
            if resubmitted:
                group.status = UserGroup.Status.PENDING
            apply_values(group, changed)
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
            apply_values(group, minor)
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
        apply_values(group, change.data)
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
        confirmation_reset(group=group, now=_now())
        group.save()
    return group


def _group_for_editor(group_id: int) -> UserGroup:
    group = UserGroup.objects.select_for_update().filter(pk=group_id).first()
    if group is None or not group.can_be_confirmed:
        raise ValidationError(
            "Only listed or hidden listings can be confirmed, chased or archived here.",
            code="not_confirmable",
        )
    return group


def group_confirm_on_behalf(*, group_id: int, decided_by, note: str) -> UserGroup:
    """An editor confirms the listing for its contact (for example, after a phone call)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"reason": "Enter a note saying how you know the listing is right."})
    with transaction.atomic():
        group = _group_for_editor(group_id)
        confirmation_reset(group=group, now=_now())
        group.save()
        _record(
            group=group,
            action=ModerationDecision.Action.CONFIRM_ON_BEHALF,
            decided_by=decided_by,
            reason=note,
        )
    return group


def group_chase(*, group_id: int, decided_by, note: str = "") -> UserGroup:
    """An editor sends the contact a fresh reminder with a new link."""
    with transaction.atomic():
        group = _group_for_editor(group_id)
        confirmation_remind(group=group, due=group.is_overdue or group.status == "hidden")
        _record(
            group=group,
            action=ModerationDecision.Action.CHASE,
            decided_by=decided_by,
            reason=(note or "").strip(),
        )
    return group


def group_archive_by_editor(*, group_id: int, decided_by, reason: str) -> UserGroup:
    """An editor archives a listing nobody confirms (for example, the group has closed)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for archiving the listing."})
    with transaction.atomic():
        _group_for_editor(group_id)
        group = group_archive(group_id=group_id)
        _record(
            group=group,
            action=ModerationDecision.Action.ARCHIVE,
            decided_by=decided_by,
            reason=reason,
        )
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


# --- Handing a listing over -------------------------------------------------------------------


def group_handover_request(
    *, group_id: int, new_name: str, new_email: str, requested_by=None
) -> GroupHandover:
    """Ask a new person to take the listing over; they confirm by the emailed link before
    anything changes. The contact asks through their manage link, or an editor when the
    contact has left."""
    new_name = (new_name or "").strip()
    new_email = (new_email or "").strip().lower()
    errors = {}
    if not new_name:
        errors["new_contact_name"] = "Enter the name of the new contact."
    if not new_email:
        errors["new_contact_email"] = "Enter the new contact's email address."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        group = UserGroup.objects.select_for_update().get(pk=group_id)
        if group.status in (UserGroup.Status.ARCHIVED, UserGroup.Status.REJECTED):
            raise ValidationError(
                "This listing is archived, so it cannot be handed over.", code="archived"
            )
        if new_email == group.contact_email.lower():
            raise ValidationError(
                {
                    "new_contact_email": "Enter the email address of someone else: this is "
                    "already the listing's contact."
                }
            )
        GroupHandover.objects.filter(group=group, status=GroupHandover.Status.PENDING).update(
            status=GroupHandover.Status.SUPERSEDED, decided_at=_now()
        )
        handover = GroupHandover.objects.create(
            group=group,
            new_contact_name=new_name,
            new_contact_email=new_email,
            old_contact_email=group.contact_email,
            requested_by=requested_by if getattr(requested_by, "pk", None) else None,
        )
        if requested_by is not None and getattr(requested_by, "pk", None):
            _record(
                group=group,
                action=ModerationDecision.Action.HANDOVER,
                decided_by=requested_by,
                reason=f"Asked {new_name} to take the listing over.",
            )
        email_queue(
            to=[new_email],
            template="group_handover_confirm",
            subject=f"Confirm you are taking over the listing for {group.name}",
            context={
                "group": group,
                "handover": handover,
                "by_editor": handover.requested_by_id is not None,
                "group_url": absolute_url(group.get_absolute_url()),
                "confirm_url": link_for(
                    url_name="intake:group_handover",
                    purpose="handover",
                    payload=str(handover.public_id),
                ),
            },
        )
    return handover


def group_handover_for_token(*, token: str) -> GroupHandover | None:
    public_id = token_read(purpose="handover", token=token)
    if not is_uuid(public_id):
        return None
    return GroupHandover.objects.select_related("group").filter(public_id=public_id).first()


def group_handover_confirm(*, token: str) -> GroupHandover:
    """The new contact confirmed: they are the contact now, and the old one is told. Safe to
    repeat."""
    public_id = token_read(purpose="handover", token=token)
    with transaction.atomic():
        handover = (
            GroupHandover.objects.select_for_update().filter(public_id=public_id).first()
            if is_uuid(public_id)
            else None
        )
        if handover is None or handover.status == GroupHandover.Status.SUPERSEDED:
            raise ValidationError(INVALID_LINK, code="invalid_token")
        group = UserGroup.objects.select_for_update().get(pk=handover.group_id)
        if handover.status == GroupHandover.Status.DONE:
            return handover
        if group.contact_email.lower() != handover.old_contact_email.lower():
            raise ValidationError(INVALID_LINK, code="invalid_token")
        now = _now()
        group.contact_name = handover.new_contact_name
        group.contact_email = handover.new_contact_email
        # The new contact has not chosen to show their address.
        group.contact_email_public = False
        group.email_verified_at = group.email_verified_at or now
        group.save()
        handover.status = GroupHandover.Status.DONE
        handover.decided_at = now
        handover.save()
        email_queue(
            to=[handover.old_contact_email],
            template="group_handover_done_old",
            subject=f"You are no longer the contact for {group.name}",
            context={"group": group, "handover": handover},
        )
        email_queue(
            to=[group.contact_email],
            template="group_handover_done_new",
            subject=f"You are now the contact for {group.name}",
            context={"group": group, "manage_url": manage_link(group=group)},
        )
    logger.info("group handed over", extra={"group_id": group.id})
    return handover


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


# --- The contact manages members ----------------------------------------------------------------


def membership_remove(*, group_id: int, membership_id: int) -> Membership:
    """The contact removes a member (or a person waiting); the person is told."""
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("group")
            .filter(pk=membership_id, group_id=group_id)
            .first()
        )
        if membership is None or membership.status not in (
            Membership.Status.ACTIVE,
            Membership.Status.PENDING,
        ):
            raise ValidationError(
                "This person is no longer a member of the group.", code="not_member"
            )
        membership.status = Membership.Status.LEFT
        membership.left_at = _now()
        membership.save()
        email_queue(
            to=[membership.email],
            template="membership_removed",
            subject=f"You are no longer a member of {membership.group.name}",
            context=_member_context(membership),
        )
    return membership


def membership_invite(*, group_id: int, name: str, email: str) -> None:
    """Invite someone to an invitation-only group. Nothing about them is stored until they
    accept (and agree to the privacy notice): the signed link carries their name and address."""
    name, email = (name or "").strip(), (email or "").strip().lower()
    with transaction.atomic():
        group = UserGroup.objects.get(pk=group_id)
        if group.status != UserGroup.Status.LISTED:
            raise ValidationError("Only a listed group can invite people.", code="not_listed")
        if group.membership != UserGroup.Membership.INVITATION:
            raise ValidationError(
                "Only invitation-only groups invite people: anyone can ask to join this one.",
                code="not_invitation",
            )
        if Membership.objects.filter(
            group=group, email=email, status=Membership.Status.ACTIVE
        ).exists():
            raise ValidationError({"email": "This person is already a member of the group."})
        email_queue(
            to=[email],
            template="membership_invitation",
            subject=f"You are invited to join {group.name}",
            context={
                "group": group,
                "name": name,
                "group_url": absolute_url(group.get_absolute_url()),
                "accept_url": link_for(
                    url_name="intake:membership_invitation",
                    purpose="invite",
                    payload={"g": str(group.public_id), "e": email, "n": name},
                ),
            },
        )


def membership_invitation_read(*, token: str) -> dict | None:
    """The invitation a link carries (group, name and email), or None."""
    payload = token_read(purpose="invite", token=token)
    if not isinstance(payload, dict) or not is_uuid(payload.get("g")):
        return None
    group = UserGroup.objects.filter(public_id=payload["g"], status=UserGroup.Status.LISTED).first()
    if group is None or not isinstance(payload.get("e"), str):
        return None
    return {"group": group, "email": payload["e"], "name": str(payload.get("n") or "")}


def membership_accept_invitation(*, token: str, data: dict) -> Membership:
    """The invitee accepts: they are a member at once (the link proves their address)."""
    invitation = membership_invitation_read(token=token)
    if invitation is None:
        raise ValidationError(INVALID_LINK, code="invalid_token")
    consent = _require_consent(data)
    group, email = invitation["group"], invitation["email"]
    now = _now()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(group=group, email=email).first()
        if membership is not None and membership.status == Membership.Status.ACTIVE:
            return membership
        fields = {
            "name": (data.get("name") or invitation["name"] or email).strip(),
            "organisation": data.get("organisation") or "",
            "hopes": "",
            "status": Membership.Status.ACTIVE,
            "confirmed_at": now,
            "decided_at": now,
            "left_at": None,
            **consent,
        }
        if membership is None:
            membership = Membership.objects.create(group=group, email=email, **fields)
        else:
            for field, value in fields.items():
                setattr(membership, field, value)
            membership.save()
        email_queue(
            to=[email],
            template="membership_welcome",
            subject=f"You have joined {group.name}",
            context=_member_context(membership),
        )
    return membership


def group_join_summary_set(*, group_id: int, enabled: bool) -> UserGroup:
    """The contact chooses a daily email listing who joined (or stops it)."""
    with transaction.atomic():
        group = UserGroup.objects.select_for_update().get(pk=group_id)
        group.join_summary = bool(enabled)
        if enabled and group.join_summary_sent_at is None:
            group.join_summary_sent_at = _now()  # from now on, not everyone who ever joined
        group.save()
    return group


def join_summaries_send(*, now: datetime | None = None) -> int:
    """One email per group that asked for it, listing who joined since the last one. Safe to
    run twice: each join is in one summary. Returns how many emails were queued."""
    now = now or _now()
    sent = 0
    with transaction.atomic():
        groups = UserGroup.objects.select_for_update().filter(
            join_summary=True, status=UserGroup.Status.LISTED
        )
        for group in groups.order_by("pk"):
            since = group.join_summary_sent_at or group.created_at
            joined = list(
                Membership.objects.filter(
                    group=group,
                    status=Membership.Status.ACTIVE,
                    decided_at__gt=since,
                    decided_at__lte=now,
                ).order_by("decided_at")
            )
            # An update, not save(): the public listing did not change (no reindexing).
            UserGroup.objects.filter(pk=group.pk).update(join_summary_sent_at=now)
            if not joined:
                continue
            email_queue(
                to=[group.contact_email],
                template="membership_join_summary",
                subject=f"{len(joined)} new member{'s' if len(joined) != 1 else ''} of "
                f"{group.name}",
                context={
                    "group": group,
                    "joined": joined,
                    "since": since,
                    "manage_url": manage_link(group=group),
                },
            )
            sent += 1
    return sent
