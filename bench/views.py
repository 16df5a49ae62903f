"""Bare views: the least Django can do for the same answer, through the same middleware."""

import os
from functools import cache
from pathlib import Path

from django.http import HttpResponse


@cache
def _page_bytes() -> bytes:
    return Path(os.environ["BENCH_BARE_PAGE"]).read_bytes()


def bare_page(request):
    """The bytes of a page saved earlier, as the page cache would return them."""
    return HttpResponse(_page_bytes(), content_type="text/html; charset=utf-8")


def raw_case_studies(request):
    """The fields the pages API lists for case studies, straight from the ORM, as JSON."""
    from django.db.models import Prefetch
    from django.http import JsonResponse

    from cms.editorial.models import CaseStudyPage
    from themes.models import Theme

    limit = min(int(request.GET.get("limit", "10")), 100)
    live = CaseStudyPage.objects.live().public()
    pages = (
        live.order_by("id")
        .select_related("organisation")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("id", "name", "slug")), "goals"
        )[:limit]
    )
    items = []
    for page in pages:
        organisation = page.organisation
        items.append(
            {
                "id": page.id,
                "meta": {
                    "type": "cms.CaseStudyPage",
                    "slug": page.slug,
                    "html_url": page.get_full_url(request),
                    "first_published_at": page.first_published_at.isoformat(),
                },
                "title": page.title,
                "summary": page.summary,
                "organisation": organisation
                and {
                    "id": organisation.id,
                    "name": organisation.name,
                    "abbreviation": organisation.abbreviation,
                    "slug": organisation.slug,
                    "website": organisation.website,
                },
                "themes": [
                    {
                        "id": theme.id,
                        "name": theme.name,
                        "slug": theme.slug,
                        "url": request.build_absolute_uri(theme.get_absolute_url()),
                    }
                    for theme in page.themes.all()
                ],
                "goals": [{"code": goal.code, "name": goal.name} for goal in page.goals.all()],
            }
        )
    return JsonResponse({"meta": {"total_count": live.count()}, "items": items})


@cache
def _ids_by_slug() -> dict:
    from cms.editorial.models.snippets import Organisation
    from intake.models import Audience, Region
    from themes.models import Theme

    return {
        "themes": dict(Theme.objects.values_list("slug", "id")),
        "producing_organisations": dict(Organisation.objects.values_list("slug", "id")),
        "regions": dict(Region.objects.values_list("slug", "id")),
        "audiences": dict(Audience.objects.values_list("slug", "id")),
    }


def bare_register(request):
    """Insert the row (and its links) a valid registration stores: no form, no checks, no email."""
    import uuid

    from django.db import transaction
    from django.http import HttpResponseRedirect
    from django.utils import timezone
    from django.utils.text import slugify

    from intake.models import UserGroup

    ids = _ids_by_slug()
    post = request.POST
    with transaction.atomic():
        group = UserGroup.objects.create(
            name=post["name"],
            slug=f"{slugify(post['name'])[:200]}-{uuid.uuid4().hex[:6]}",
            summary=post["summary"],
            description=post["description"],
            administering_body_id=ids["producing_organisations"][post["administering_body"]],
            membership=post["membership"],
            meeting_frequency=post["meeting_frequency"],
            format=post["format"],
            contact_name=post["contact_name"],
            contact_email=post["contact_email"].strip().lower(),
            status=UserGroup.Status.PENDING,
            consent_given_at=timezone.now(),
            privacy_notice_version="bench",
        )
        for field, lookup in ids.items():
            getattr(group, field).set([lookup[slug] for slug in post.getlist(field)])
    return HttpResponseRedirect("/groups/register/sent/")
