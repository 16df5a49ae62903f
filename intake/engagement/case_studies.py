"""Turning a success story into a draft CaseStudyPage (the CMS app's page type) and sending it
into the editors' moderation workflow. Nothing here ever publishes."""

import logging
import re

from django.utils.html import escape
from django.utils.text import Truncator, slugify

from cms.editorial.goals import Goal
from cms.editorial.models import CaseStudyIndexPage, CaseStudyPage, StrategyGoal
from cms.security.uploads import image_store_private

logger = logging.getLogger(__name__)


def goal_choices() -> list[tuple[str, str]]:
    return list(Goal.choices)


def plain_to_rich_text(text: str) -> str:
    """Paragraphs of escaped text: what a person typed is never rendered as HTML."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in paragraph.splitlines()) + "</p>"
        for paragraph in paragraphs
    )


def summary_from(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s", " ".join((text or "").split()), maxsplit=1)[0]
    return Truncator(first).chars(300)


def case_study_index() -> CaseStudyIndexPage | None:
    """Where submitted stories go: the (first) case-study index."""
    return CaseStudyIndexPage.objects.order_by("path").first()


def _unique_slug(parent, title: str) -> str:
    base = slugify(title)[:200] or "success-story"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def image_create(*, upload, title: str, alt_text: str, extension: str):
    """Store the checked upload as a private Wagtail image, with its alt text as the description.

    ``cms.security.uploads`` strips its metadata (EXIF, GPS), gives it a random file name (a
    title can name the person, and a file's name outlives the erasure of their data) and keeps
    it out of the public API and media URLs until its case study is published.
    """
    return image_store_private(
        upload=upload, title=Truncator(title).chars(255), alt_text=alt_text, extension=extension
    )


def case_study_draft_create(
    *, data: dict, parent: CaseStudyIndexPage, image=None, image_alt_text: str = ""
) -> CaseStudyPage:
    """A draft (never live) case study with a first revision, submitted to the workflow."""
    page = CaseStudyPage(
        title=data["title"],
        slug=_unique_slug(parent, data["title"]),
        summary=summary_from(data["outcome"]),
        organisation=data["organisation"],
        task=plain_to_rich_text(data["task"]),
        approach=plain_to_rich_text(data["approach"]),
        outcome=plain_to_rich_text(data["outcome"]),
        lessons=plain_to_rich_text(data.get("lessons", "")),
        contact_name=data["name"] if data.get("show_contact") else "",
        contact_email=data["email"].lower() if data.get("show_contact") else "",
        image=image,
        image_alt_text=image_alt_text if image is not None else "",
        live=False,
        has_unpublished_changes=True,
    )
    page.themes = list(data.get("themes") or [])
    page.goals = list(StrategyGoal.objects.filter(code__in=list(data.get("goals") or [])))
    parent.add_child(instance=page)
    revision = page.save_revision(user=None, log_action=True)
    workflow = page.get_workflow()
    if workflow is None:
        logger.warning("no moderation workflow for case studies", extra={"page_id": page.id})
    else:
        # The submission comes from the public: no user requested it.
        workflow.start(page, None)
    logger.info("success story drafted", extra={"page_id": page.id, "revision_id": revision.id})
    return page
