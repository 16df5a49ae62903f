"""The re-confirmation cycle: every listing is confirmed by its contact once a cycle.

``run_confirmation_cycle`` moves each listed group along, from the date it was last known to be
right (confirmed, or else imported or made):

- a reminder to the contact ``LISTING_CONFIRMATION_REMINDER_DAYS`` before it is due;
- when due: a second reminder, the public page and search results say "Not confirmed since",
  and editors are told;
- ``LISTING_CONFIRMATION_GRACE_DAYS`` after it was flagged: hidden from the public register and
  search (status "hidden"), kept for editors; the contact and editors are told.

Each step is recorded on the group when its email is queued, in one transaction, so running the
command twice (or hourly) sends nothing twice. Confirming or editing the listing clears them.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from intake.links import manage_link
from intake.models import UserGroup
from intake.privacy.retention import every_period_text
from intake.submissions.emails import email_queue
from intake.submissions.tokens import absolute_url

logger = logging.getLogger(__name__)


def cycle() -> dt.timedelta:
    return dt.timedelta(days=settings.LISTING_CONFIRMATION_CYCLE_DAYS)


def reminder_lead() -> dt.timedelta:
    return dt.timedelta(days=settings.LISTING_CONFIRMATION_REMINDER_DAYS)


def grace() -> dt.timedelta:
    return dt.timedelta(days=settings.LISTING_CONFIRMATION_GRACE_DAYS)


def confirmation_due_date(*, group: UserGroup) -> dt.datetime:
    return group.confirmed_since + cycle()


def confirmation_hide_date(*, group: UserGroup) -> dt.datetime:
    flagged = group.confirmation_flagged_at or max(
        confirmation_due_date(group=group), timezone.now()
    )
    return flagged + grace()


def _anchored():
    return UserGroup.objects.annotate(
        confirmed_anchor=Coalesce("last_confirmed_at", "imported_at", "created_at")
    )


def _reminder_context(group: UserGroup, *, due: bool) -> dict:
    return {
        "group": group,
        "due": due,
        "due_date": confirmation_due_date(group=group),
        "hide_date": confirmation_hide_date(group=group),
        "cycle": every_period_text(settings.LISTING_CONFIRMATION_CYCLE_DAYS),
        "manage_url": manage_link(group=group),
    }


def confirmation_remind(*, group: UserGroup, due: bool) -> int:
    """Queue the reminder email to the contact (inside the caller's transaction)."""
    subject = (
        f"Confirm your listing for {group.name}: it is due"
        if due
        else f"Your listing for {group.name} is due to be confirmed soon"
    )
    return email_queue(
        to=[group.contact_email],
        template="group_confirm_reminder",
        subject=subject,
        context=_reminder_context(group, due=due),
    )


def _admin_url(group: UserGroup) -> str:
    return absolute_url(reverse("intake_usergroup_modeladmin_inspect", args=[group.pk]))


def confirmation_cycle_run(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Move every listed group along the cycle. Returns how many were reminded, flagged and
    hidden in this run; a second run at the same moment returns zeros."""
    now = now or timezone.now()
    listed = _anchored().filter(status=UserGroup.Status.LISTED)
    counts = {"reminded": 0, "flagged": 0, "hidden": 0}
    flagged, hidden = [], []
    with transaction.atomic():
        # Hide first, so a listing flagged in this run is never hidden in the same run.
        to_hide = listed.select_for_update().filter(
            confirmation_flagged_at__isnull=False,
            confirmation_flagged_at__lte=now - grace(),
        )
        for group in to_hide.order_by("pk"):
            group.status = UserGroup.Status.HIDDEN
            group.hidden_at = now
            group.save()
            email_queue(
                to=[group.contact_email],
                template="group_hidden",
                subject=f"{group.name} is no longer shown on the USER hub",
                context={"group": group, "manage_url": manage_link(group=group)},
            )
            hidden.append({"group": group, "admin_url": _admin_url(group)})
        counts["hidden"] = len(hidden)

        to_flag = listed.select_for_update().filter(
            confirmation_flagged_at__isnull=True, confirmed_anchor__lte=now - cycle()
        )
        for group in to_flag.order_by("pk"):
            group.confirmation_flagged_at = now
            group.confirmation_reminded_at = group.confirmation_reminded_at or now
            group.save()
            confirmation_remind(group=group, due=True)
            flagged.append({"group": group, "admin_url": _admin_url(group)})
        counts["flagged"] = len(flagged)

        to_remind = listed.select_for_update().filter(
            confirmation_reminded_at__isnull=True,
            confirmation_flagged_at__isnull=True,
            confirmed_anchor__lte=now - cycle() + reminder_lead(),
        )
        for group in to_remind.order_by("pk"):
            group.confirmation_reminded_at = now
            group.save()
            confirmation_remind(group=group, due=False)
            counts["reminded"] += 1

        if (flagged or hidden) and settings.HUB_EDITOR_EMAILS:
            email_queue(
                to=list(settings.HUB_EDITOR_EMAILS),
                template="editors_confirmation",
                subject=(
                    f"Group listings not confirmed: {len(flagged)} now overdue, "
                    f"{len(hidden)} now hidden"
                ),
                context={"flagged": flagged, "hidden": hidden},
            )
    logger.info("confirmation cycle run", extra=counts)
    return counts


def confirmation_reset(*, group: UserGroup, now: dt.datetime) -> None:
    """The contact (or an editor for them) confirmed or edited the listing: a new cycle starts.
    A hidden listing is shown again. The caller saves the group."""
    group.last_confirmed_at = now
    group.confirmation_reminded_at = None
    group.confirmation_flagged_at = None
    group.hidden_at = None
    if group.status == UserGroup.Status.HIDDEN:
        group.status = UserGroup.Status.LISTED
    if group.email_verified_at is None and group.imported_at is not None:
        # Using the emailed link proves the imported contact's address.
        group.email_verified_at = now


def overdue_filter() -> Q:
    return Q(status=UserGroup.Status.LISTED, confirmation_flagged_at__isnull=False)
