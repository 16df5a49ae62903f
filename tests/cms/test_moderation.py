"""Moderation and scheduling: editors submit, moderators approve, go-live dates publish."""

from datetime import timedelta
from io import StringIO
from unittest import mock

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage

import pytest

from tests.cms.factories import CaseStudyPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_is_the_default_sites_root(home_page):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home_page.pk
    assert home_page.slug == "home"
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_every_page_goes_through_the_moderators_workflow(home_page, case_study_index):
    workflow = Workflow.objects.get(name="Moderators approve")
    assert workflow.active
    assert WorkflowPage.objects.get(page=home_page).workflow == workflow
    task = GroupApprovalTask.objects.get(name="Moderators approve")
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]
    assert list(workflow.tasks.specific()) == [task]

    study = CaseStudyPageFactory(parent=case_study_index)
    assert study.get_workflow() == workflow
    # Wagtail's starter workflow is retired so editors see one workflow.
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


def test_editors_cannot_publish_and_moderators_can(home_page, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = django_user_model.objects.create_user("moderator", password="x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    page = StandardPageFactory(parent=home_page)

    editor_perms = page.permissions_for_user(editor)
    assert editor_perms.can_edit()
    assert not editor_perms.can_publish()
    assert page.permissions_for_user(moderator).can_publish()
    assert editor.has_perm("cms.change_champion")
    assert moderator.has_perms(["cms.delete_champion", "themes.change_theme"])


def test_submitting_a_page_waits_for_a_moderator(home_page, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = django_user_model.objects.create_user("moderator", password="x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    page = StandardPageFactory(parent=home_page, live=False)
    page.save_revision(user=editor)

    state = page.get_workflow().start(page, editor)

    task_state = state.current_task_state
    assert task_state.task.specific.name == "Moderators approve"
    assert task_state.task.specific.user_can_access_editor(page, moderator)
    actions = [name for name, *_ in task_state.task.specific.get_actions(page, moderator)]
    assert "approve" in actions
    assert not task_state.task.specific.get_actions(page, editor)

    task_state.task.specific.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    assert page.live


def test_scheduled_publishing_with_a_go_live_date(home_page):
    page = StandardPageFactory(parent=home_page, live=False, title="Scheduled guidance")
    go_live = timezone.now() + timedelta(hours=1)
    page.go_live_at = go_live
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live  # scheduled, not published yet

    assert page.latest_revision.approved_go_live_at == go_live

    # Run the scheduler (cron runs `manage.py publish_scheduled`) two hours later.
    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert page.live
    assert page.latest_revision.approved_go_live_at is None
