"""Engagement's records that hold personal data, in the hub's registry and its purge: requests,
their history, success stories (with the case studies and images made from them) and champion
sign-ups (with the champions listed from them)."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from wagtail.images import get_image_model_string

from cms.editorial.models import CaseStudyPage
from intake.engagement.models import ChampionSignup, EngagementRequest, SuccessStory
from intake.privacy.purge import past_retention, purge_rule
from intake.privacy.registry import PersonalDataSource, register


def _case_study_revisions() -> Q:
    from django.contrib.contenttypes.models import ContentType

    return Q(content_type=ContentType.objects.get_for_model(CaseStudyPage))


def _success_story_images() -> Q:
    """Images people sent with their stories (not the editors' own uploads)."""
    return Q(pk__in=SuccessStory.objects.filter(image__isnull=False).values("image"))


def _engagement_requests(now) -> QuerySet:
    return EngagementRequest.objects.filter(
        status=EngagementRequest.Status.CLOSED,
        closed_at__lt=past_retention("engagement_requests", now),
        personal_data_removed_at__isnull=True,
    )


def _champion_signups(now) -> QuerySet:
    return ChampionSignup.objects.filter(
        status__in=[ChampionSignup.Status.APPROVED, ChampionSignup.Status.REJECTED],
        decided_at__lt=past_retention("champion_signups", now),
    ).exclude(email="")


def _success_stories(now) -> QuerySet:
    return SuccessStory.objects.filter(
        created_at__lt=past_retention("success_stories", now), personal_data_removed_at__isnull=True
    )


def register_personal_data() -> None:
    now = timezone.now
    register(
        PersonalDataSource(
            key="engagement_requests",
            model_label="engagement.EngagementRequest",
            label="Engagement requests made",
            email_fields=("email",),
            export_fields=(
                "reference",
                "organisation__name",
                "theme__name",
                "statistics",
                "kind",
                "description",
                "name",
                "email",
                "requester_organisation",
                "consent_to_publish",
                "consent_given_at",
                "privacy_notice_version",
                "status",
                "response",
                "created_at",
            ),
            erase="anonymise",
            anonymise_values={
                "name": "",
                "email": "",
                "requester_organisation": "",
                "description": "",
                "personal_data_removed_at": now,
            },
            scrub_fields=("statistics", "response", "public_summary", "public_outcome"),
        )
    )
    register(
        PersonalDataSource(
            key="engagement_history",
            model_label="engagement.EngagementStatusChange",
            label="Notes in the history of engagement requests",
            export_fields=("request__reference", "to_status", "changed_at"),
            scrub_fields=("note",),
        )
    )
    register(
        PersonalDataSource(
            key="success_stories",
            model_label="engagement.SuccessStory",
            label="Success stories sent",
            email_fields=("email",),
            export_fields=("title", "name", "email", "consent_given_at", "created_at"),
            erase="anonymise",
            anonymise_values={"name": "", "email": "", "personal_data_removed_at": now},
            scrub_fields=("title",),
        )
    )
    register(
        PersonalDataSource(
            key="case_study_contacts",
            model_label="cms.CaseStudyPage",
            label="Case studies naming the person as the contact",
            email_fields=("contact_email",),
            export_fields=("title", "contact_name", "contact_email"),
            erase="anonymise",
            anonymise_values={"contact_name": "", "contact_email": ""},
            scrub_fields=(
                "title",
                "summary",
                "task",
                "approach",
                "outcome",
                "lessons",
                "image_alt_text",
            ),
        )
    )
    register(
        PersonalDataSource(
            key="case_study_revisions",
            model_label="wagtailcore.Revision",
            label="Saved versions of case studies that mention the person",
            base_filter=_case_study_revisions,
            export_fields=("object_id", "created_at"),
            scrub_fields=("content",),
        )
    )
    # The picture is not personal data and stays on the case study; its title (the story's)
    # and its description (the alt text) can name the person who sent it.
    register(
        PersonalDataSource(
            key="success_story_images",
            model_label=get_image_model_string(),
            label="Images sent with success stories that name the person",
            base_filter=_success_story_images,
            export_fields=("title", "description", "created_at"),
            scrub_fields=("title", "description"),
            scrub_rows_naming_them=True,
        )
    )
    register(
        PersonalDataSource(
            key="champion_signups",
            model_label="engagement.ChampionSignup",
            label="Sign-ups to the champions network",
            email_fields=("email",),
            export_fields=(
                "name",
                "email",
                "role",
                "organisation__name",
                "bio",
                "show_email",
                "status",
                "consent_given_at",
                "privacy_notice_version",
                "created_at",
                "decided_at",
            ),
            erase="anonymise",
            anonymise_values={"name": "", "email": "", "role": "", "bio": ""},
            scrub_fields=("reason",),
        )
    )
    register(
        PersonalDataSource(
            key="champions",
            model_label="cms.Champion",
            label="Listings as a champion",
            email_fields=("email",),
            export_fields=("name", "role", "organisation__name", "email", "bio", "show_email"),
            erase="delete",
            scrub_fields=("bio",),
        )
    )
    purge_rule(
        "engagement_requests",
        label="requesters' details on closed engagement requests",
        rows=_engagement_requests,
        anonymise=lambda now: {
            "name": "",
            "email": "",
            "requester_organisation": "",
            "description": "",
            "personal_data_removed_at": now,
        },
    )
    purge_rule(
        "champion_signups",
        label="details on decided champion sign-ups",
        rows=_champion_signups,
        anonymise=lambda now: {"name": "", "email": "", "role": "", "bio": ""},
    )
    purge_rule(
        "success_stories",
        label="senders' details on success stories",
        rows=_success_stories,
        anonymise=lambda now: {"name": "", "email": "", "personal_data_removed_at": now},
    )
