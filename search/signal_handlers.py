"""Receivers that turn model changes into outbox rows. Connected in apps.py; kept thin."""

import time

from django.conf import settings

from cms.background import after_response, runs_in_process
from intake.models import UserGroup
from search.indexing import outbox_enqueue, outbox_process
from themes.selectors import theme_descendant_ids


def group_saved(sender, instance, **kwargs):
    outbox_enqueue(kind="group", object_ids=[instance.pk])


def group_deleted(sender, instance, **kwargs):
    outbox_enqueue(kind="group", object_ids=[instance.pk])


def group_relations_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        outbox_enqueue(kind="group", object_ids=[instance.pk])
    elif model is UserGroup and pk_set:
        outbox_enqueue(kind="group", object_ids=pk_set)


def _page_and_descendants(page) -> list[int]:
    from wagtail.models import Page

    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def page_published(sender, instance, **kwargs):
    outbox_enqueue(kind="page", object_ids=[instance.pk])


def page_unpublished(sender, instance, **kwargs):
    outbox_enqueue(kind="page", object_ids=[instance.pk])


def page_moved(sender, instance, **kwargs):
    # Every URL below the moved page changes too.
    outbox_enqueue(kind="page", object_ids=_page_and_descendants(instance))


def page_privacy_changed(sender, instance, **kwargs):
    """A view restriction added, changed or removed hides or shows the page and every page
    below it: re-index them all at once, not at the next repair."""
    outbox_enqueue(kind="page", object_ids=_page_and_descendants(instance.page))


def page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        outbox_enqueue(kind="page", object_ids=[instance.pk])


def theme_saved(sender, instance, **kwargs):
    """A renamed theme changes the documents of every group tagged with it or below it."""
    ids = theme_descendant_ids(theme_ids=[instance.pk])
    group_ids = UserGroup.objects.filter(themes__in=ids).values_list("pk", flat=True).distinct()
    outbox_enqueue(kind="group", object_ids=list(group_ids))


def organisation_saved(sender, instance, **kwargs):
    from django.db.models import Q

    group_ids = (
        UserGroup.objects.filter(
            Q(producing_organisations=instance) | Q(administering_body=instance)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    outbox_enqueue(kind="group", object_ids=list(group_ids))


# Drains what failed before, at most every few seconds per process, after a response is sent
# (on the after-response thread: a hung Elasticsearch holds up no web thread).
_DRAIN_INTERVAL_SECONDS = 5.0
_last_drain = {"at": 0.0}


def drain_after_request(sender, **kwargs):
    if not settings.SEARCH_DRAIN_ON_REQUEST or not runs_in_process():
        return  # with a worker, no web request talks to Elasticsearch for a write
    now = time.monotonic()
    if now - _last_drain["at"] < _DRAIN_INTERVAL_SECONDS:
        return
    _last_drain["at"] = now
    after_response(outbox_process, limit=100, eager=True)
