"""The group register's records that hold personal data, in the hub's registry and its purge:
memberships, group contacts and their handovers, proposed edits, imports and moderation
decisions."""

from django.db.models import Q, QuerySet

from intake.models import GroupHandover, GroupImport, Membership, UserGroup
from intake.privacy.purge import past_retention, purge_rule
from intake.privacy.registry import PersonalDataSource, register


def _reindex_groups(ids: list[int]) -> None:
    try:
        # Imported here: the search app is optional for this module.
        from search.indexing import outbox_enqueue
    except ImportError:
        return
    outbox_enqueue(kind="group", object_ids=ids)


def _unconfirmed_join_requests(now) -> QuerySet:
    """Requests to join whose address was never confirmed."""
    return Membership.objects.filter(
        status=Membership.Status.UNCONFIRMED,
        created_at__lt=past_retention("unconfirmed_join_requests", now),
    )


def _join_requests(now) -> QuerySet:
    """Requests to join that were declined, and people who left."""
    cutoff = past_retention("join_requests", now)
    return Membership.objects.filter(
        Q(status=Membership.Status.DECLINED, decided_at__lt=cutoff)
        | Q(status=Membership.Status.LEFT, left_at__lt=cutoff)
    )


def _archived_group_memberships(now) -> QuerySet:
    # A group has no archived_at; archiving saves it, so updated_at is when it was archived.
    cutoff = past_retention("archived_group_memberships", now)
    return Membership.objects.filter(
        group__status=UserGroup.Status.ARCHIVED, group__updated_at__lt=cutoff
    )


def _unconfirmed_registrations(now) -> QuerySet:
    """Registrations whose contact never clicked the link (imported listings need no click)."""
    return UserGroup.objects.filter(
        status=UserGroup.Status.PENDING,
        email_verified_at__isnull=True,
        imported_at__isnull=True,
        created_at__lt=past_retention("unconfirmed_registrations", now),
    )


def _closed_listings(now) -> QuerySet:
    """Archived and rejected listings whose contact is still on them. Archiving and rejecting
    save the group, so updated_at is when it closed (the purge's own update leaves it)."""
    return UserGroup.objects.filter(
        status__in=[UserGroup.Status.ARCHIVED, UserGroup.Status.REJECTED],
        updated_at__lt=past_retention("closed_listings", now),
    ).exclude(contact_email="", contact_name="")


def _lapsed_handovers(now) -> QuerySet:
    """Handovers the new contact never confirmed, or a later one replaced."""
    return GroupHandover.objects.filter(
        status__in=[GroupHandover.Status.PENDING, GroupHandover.Status.SUPERSEDED],
        created_at__lt=past_retention("lapsed_handovers", now),
    )


def _unconfirmed_listings(now) -> QuerySet:
    return UserGroup.objects.filter(
        status=UserGroup.Status.HIDDEN, hidden_at__lt=past_retention("unconfirmed_listings", now)
    )


def _unapplied_imports(now) -> QuerySet:
    return GroupImport.objects.filter(
        status=GroupImport.Status.CHECKED, uploaded_at__lt=past_retention("unapplied_imports", now)
    )


def register_personal_data() -> None:
    register(
        PersonalDataSource(
            key="memberships",
            model_label="intake.Membership",
            label="Groups joined or asked to join",
            email_fields=("email",),
            export_fields=(
                "group__name",
                "name",
                "email",
                "organisation",
                "hopes",
                "status",
                "consent_given_at",
                "privacy_notice_version",
                "created_at",
            ),
            erase="delete",
        )
    )
    register(
        PersonalDataSource(
            key="group_contacts",
            model_label="intake.UserGroup",
            label="Groups the person is the contact for",
            email_fields=("contact_email",),
            export_fields=(
                "name",
                "status",
                "contact_name",
                "contact_email",
                "contact_email_public",
                "consent_given_at",
                "privacy_notice_version",
                "created_at",
            ),
            erase="anonymise",
            anonymise_values={
                "contact_name": "",
                "contact_email": "",
                "contact_email_public": False,
            },
            scrub_fields=("summary", "description", "how_to_join"),
            after_erase=_reindex_groups,
        )
    )
    register(
        PersonalDataSource(
            key="group_changes",
            model_label="intake.GroupChange",
            label="Proposed edits to group listings that mention the person",
            export_fields=("group__name", "status", "created_at"),
            scrub_fields=("data",),
        )
    )
    register(
        PersonalDataSource(
            key="group_handovers",
            model_label="intake.GroupHandover",
            label="Listings handed over to or from the person",
            email_fields=("new_contact_email", "old_contact_email"),
            export_fields=(
                "group__name",
                "new_contact_name",
                "new_contact_email",
                "old_contact_email",
                "status",
                "created_at",
            ),
            erase="delete",
        )
    )
    register(
        PersonalDataSource(
            key="group_imports",
            model_label="intake.GroupImport",
            label="Audit files checked but not yet applied that mention the person",
            export_fields=("file_name", "status", "uploaded_at"),
            scrub_fields=("rows",),
        )
    )
    register(
        PersonalDataSource(
            key="moderation_decisions",
            model_label="intake.ModerationDecision",
            label="Moderation decisions that mention the person",
            export_fields=("group__name", "action", "decided_at"),
            scrub_fields=("reason",),
        )
    )
    purge_rule(
        "unconfirmed_join_requests",
        label="requests to join never confirmed",
        rows=_unconfirmed_join_requests,
    )
    purge_rule("join_requests", label="join requests and memberships ended", rows=_join_requests)
    purge_rule(
        "archived_group_memberships",
        label="memberships of archived groups",
        rows=_archived_group_memberships,
    )
    purge_rule(
        "unconfirmed_listings",
        label=(
            "contacts of listings hidden because nobody confirmed them (the listings are archived)"
        ),
        rows=_unconfirmed_listings,
        anonymise=lambda now: {
            "contact_name": "",
            "contact_email": "",
            "contact_email_public": False,
            "status": UserGroup.Status.ARCHIVED,
        },
    )
    purge_rule(
        "unapplied_imports", label="audit files checked but never applied", rows=_unapplied_imports
    )
    purge_rule(
        "unconfirmed_registrations",
        label="registrations whose contact never confirmed the address",
        rows=_unconfirmed_registrations,
    )
    purge_rule(
        "closed_listings",
        label="contacts of archived and rejected listings",
        rows=_closed_listings,
        anonymise=lambda now: {
            "contact_name": "",
            "contact_email": "",
            "contact_email_public": False,
        },
    )
    purge_rule("lapsed_handovers", label="handovers never confirmed", rows=_lapsed_handovers)
