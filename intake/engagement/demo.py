"""Demo engagement requests for `make run`: a few answered ones on the "You said, we did" page,
and one waiting for acknowledgement. Safe to run twice."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cms.editorial.models import Organisation
from intake.engagement.models import EngagementRequest, EngagementStatusChange
from themes.models import Theme

# (reference, organisation slug, theme slug, kind, statistics, summary, outcome, days ago, status)
DEMO_REQUESTS = [
    (
        "UEH-DEMA2B",
        "ons",
        "housing",
        "new_data",
        "Private rental prices",
        "Local councils asked for private rents by local authority, not only by region.",
        "Private rents are now published for every local authority each month.",
        120,
        "answered",
    ),
    (
        "UEH-DEMC3D",
        "dwp",
        "people-not-in-work",
        "methods",
        "Benefit statistics",
        "A charity asked how people moving between benefits are counted, to avoid counting "
        "them twice.",
        "We published a methods note and added a worked example to the release.",
        90,
        "closed",
    ),
    (
        "UEH-DEME4F",
        "dhsc",
        "health-and-social-care",
        "meeting",
        "Adult social care statistics",
        "Researchers asked to meet the team to discuss what the new data collection will hold.",
        "We met twelve researchers and changed two questions in the collection as a result.",
        60,
        "answered",
    ),
    (
        "UEH-DEMG5H",
        "dfe",
        "education-and-childcare",
        "release_feedback",
        "Schools, pupils and their characteristics",
        "",
        "",
        2,
        "received",
    ),
]


def load_demo_engagement(*, stdout=None) -> int:
    """Create the demo requests that are missing; return how many were created."""
    created = 0
    now = timezone.now()
    with transaction.atomic():
        for (
            reference,
            org,
            theme,
            kind,
            statistics,
            summary,
            outcome,
            days,
            status,
        ) in DEMO_REQUESTS:
            if EngagementRequest.objects.filter(reference=reference).exists():
                continue
            organisation = Organisation.objects.filter(slug=org).first()
            theme_obj = Theme.objects.filter(slug=theme).first()
            if organisation is None or theme_obj is None:
                continue
            asked = now - timedelta(days=days)
            item = EngagementRequest.objects.create(
                reference=reference,
                organisation=organisation,
                theme=theme_obj,
                statistics=statistics,
                kind=kind,
                description=f"Demo request about {statistics.lower()}.",
                name="Demo requester",
                email="demo.requester@example.org",
                consent_to_publish=True,
                consent_given_at=asked,
                privacy_notice_version="2026-01",
                status=status,
                response=outcome,
                public_summary=summary,
                public_outcome=outcome,
                created_at=asked,
                acknowledged_at=asked + timedelta(days=1) if status != "received" else None,
                answered_at=asked + timedelta(days=20) if status != "received" else None,
                closed_at=asked + timedelta(days=30) if status == "closed" else None,
            )
            EngagementStatusChange.objects.create(
                request=item, to_status="received", actor_label="Requester", changed_at=asked
            )
            if status != "received":
                EngagementStatusChange.objects.create(
                    request=item,
                    from_status="received",
                    to_status="answered",
                    note=outcome,
                    actor_label="Champion",
                    changed_at=asked + timedelta(days=20),
                )
            created += 1
    if stdout is not None:
        stdout.write(f"  {created} demo engagement request(s) added.")
    return created
