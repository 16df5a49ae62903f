"""Loads the golden data set (committed, for a whole module) and removes it afterwards."""

import uuid

from wagtail.models import Page

from intake.models import UserGroup
from search.models import (
    IndexedDocument,
    IndexedFacetValue,
    OutboxEntry,
    SurfaceWord,
    VocabularyTerm,
)
from tests.search.factories import UserGroupFactory
from tests.search.golden import HIDDEN, PAGES, G, next_meeting


def load_golden() -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from cms.editorial.models import Organisation

    groups = []
    for row in G:
        (slug, name, summary, description, themes, orgs, admin, membership, fmt, regions,
         audiences, age, meeting) = row  # fmt: skip
        groups.append(
            UserGroupFactory(
                slug=slug,
                name=name,
                summary=summary,
                description=description,
                themes=themes,
                organisations=orgs,
                administering_body=Organisation.objects.get(slug=admin),
                membership=membership,
                format=fmt,
                regions=regions,
                audiences=audiences,
                created_at=timezone.now() - timedelta(days=age),
                next_meeting=next_meeting(meeting),
            )
        )
    for slug, name, status in HIDDEN:
        groups.append(
            UserGroupFactory(slug=slug, name=name, status=status, themes=["health-and-social-care"])
        )
    root = Page.get_first_root_node()
    pages = []
    for title, description in PAGES:
        page = Page(
            title=title, slug=f"golden-{uuid.uuid4().hex[:8]}", search_description=description
        )
        pages.append(root.add_child(instance=page))
    return {"groups": groups, "pages": pages}


def unload_golden(data: dict) -> None:
    UserGroup.objects.filter(pk__in=[g.pk for g in data["groups"]]).delete()
    for page in data["pages"]:
        Page.objects.filter(pk=page.pk).delete()
    IndexedFacetValue.objects.all().delete()
    IndexedDocument.objects.all().delete()
    VocabularyTerm.objects.all().delete()
    SurfaceWord.objects.all().delete()
    OutboxEntry.objects.all().delete()
