"""Grow the bench database beyond the demo content (runs inside a configured Django process)."""

import itertools


def grow(*, case_studies: int = 0, updates: int = 0, groups: int = 0, champions: int = 0) -> dict:
    """Add published pages, listed groups and champions; return how many of each were added."""
    from django.db import transaction
    from django.utils import timezone

    from cms.editorial.models import CaseStudyIndexPage, CaseStudyPage, UpdateIndexPage, UpdatePage
    from cms.editorial.models.snippets import Champion, Organisation
    from intake.models import Audience, Region, UserGroup
    from themes.models import Theme

    themes = list(Theme.objects.all())
    organisations = list(Organisation.objects.all())
    regions = list(Region.objects.all())
    audiences = list(Audience.objects.all())
    theme_cycle = itertools.cycle(themes)
    org_cycle = itertools.cycle(organisations)
    stamp = timezone.now().strftime("%H%M%S%f")
    added = {"case_studies": 0, "updates": 0, "groups": 0, "champions": 0}

    index = CaseStudyIndexPage.objects.live().first()
    for n in range(case_studies if index else 0):
        page = index.add_child(
            instance=CaseStudyPage(
                title=f"Bench case study {stamp}-{n}",
                slug=f"bench-case-study-{stamp}-{n}",
                summary="How a producer asked its users what they needed and changed a release.",
                organisation=next(org_cycle),
                task="<p>Understand what users of the release needed.</p>",
                approach="<p>Workshops, a survey and a standing user group.</p>",
                outcome="<p>A new breakdown published every quarter.</p>",
                lessons="<p>Ask early, and report back what changed.</p>",
            )
        )
        page.themes.set([next(theme_cycle), next(theme_cycle)])
        page.save_revision().publish()
        added["case_studies"] += 1

    update_index = UpdateIndexPage.objects.live().first()
    for n in range(updates if update_index else 0):
        page = update_index.add_child(
            instance=UpdatePage(
                title=f"Bench update {stamp}-{n}",
                slug=f"bench-update-{stamp}-{n}",
                summary="What the hub team did this quarter.",
                body=[("paragraph", "<p>Progress on the user engagement strategy.</p>")],
            )
        )
        page.themes.set([next(theme_cycle)])
        page.save_revision().publish()
        added["updates"] += 1

    with transaction.atomic():
        for n in range(groups):
            group = UserGroup.objects.create(
                name=f"Bench user group {stamp}-{n}",
                slug=f"bench-user-group-{stamp}-{n}",
                summary="A forum where users and producers discuss a set of statistics.",
                description="Members meet to discuss releases, methods and what users need.",
                administering_body=next(org_cycle),
                membership=UserGroup.Membership.OPEN,
                meeting_frequency=UserGroup.Frequency.QUARTERLY,
                format=UserGroup.Format.ONLINE,
                contact_name="Bench Contact",
                contact_email=f"bench-{stamp}-{n}@example.org",
                status=UserGroup.Status.LISTED,
                last_confirmed_at=timezone.now(),
            )
            group.themes.set([next(theme_cycle), next(theme_cycle)])
            group.producing_organisations.set([next(org_cycle)])
            if regions:
                group.regions.set(regions[:2])
            if audiences:
                group.audiences.set(audiences[:3])
            added["groups"] += 1

        for n in range(champions):
            champion = Champion.objects.create(
                name=f"Bench Champion {n}",
                role="Statistician",
                organisation=next(org_cycle),
                email=f"champion-{stamp}-{n}@example.org",
            )
            champion.themes.set([next(theme_cycle)])
            added["champions"] += 1
    return added
