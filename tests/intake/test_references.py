"""Every submission gets a short reference: on its confirmation page, in its emails, and
searchable in the admin."""

import re

from django.core import mail

import pytest

from intake.engagement.models import ChampionSignup, SuccessStory
from intake.models import Membership, UserGroup
from tests.cms.factories import CaseStudyIndexPageFactory
from tests.engagement.conftest import signup_post, story_post  # noqa: F401 (fixtures)
from tests.intake.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


def _reference_on(html: str) -> str:
    return re.search(r'<strong id="reference">([A-Z]+-[0-9A-Z]{6})</strong>', html).group(1)


def test_a_registration_has_a_reference_on_its_page_in_its_emails_and_in_the_admin(
    client, admin_client, group_post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/groups/register/", group_post, follow=True)
    group = UserGroup.objects.get()
    assert re.fullmatch(r"REG-[2-9A-HJKMNP-TW-Z]{6}", group.reference)
    assert _reference_on(response.content.decode()) == group.reference
    (email,) = mail.outbox
    assert f"Reference: {group.reference}" in email.body
    assert group.reference in email.alternatives[0][0]
    # Unverified registrations are not in the queue yet; once verified they are found.
    group.email_verified_at = group.created_at
    group.save()
    found = admin_client.get("/admin/intake/usergroup/", {"q": group.reference})
    assert group.name in found.content.decode()


def test_a_join_has_a_reference_and_finds_its_group_in_the_admin(
    client, admin_client, join_post, django_capture_on_commit_callbacks
):
    group = UserGroupFactory(name="Tidal energy statistics users")
    other = UserGroupFactory(name="Unrelated orchard group")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/groups/{group.slug}/join/", join_post, follow=True)
    membership = Membership.objects.get()
    assert membership.reference.startswith("JOIN-")
    assert _reference_on(response.content.decode()) == membership.reference
    (email,) = mail.outbox
    assert f"Reference: {membership.reference}" in email.body
    html = admin_client.get("/admin/intake/usergroup/", {"q": membership.reference}).content
    assert group.name in html.decode() and other.name not in html.decode()


def test_stories_and_champion_sign_ups_have_references(
    client,
    admin_client,
    home_page,
    story_post,  # noqa: F811 (the fixture imported above)
    signup_post,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    CaseStudyIndexPageFactory(parent=home_page, slug="case-studies")
    with django_capture_on_commit_callbacks(execute=True):
        story_page = client.post("/share-a-success/", story_post, follow=True)
        signup_page = client.post("/become-a-champion/", signup_post, follow=True)
    story, signup = SuccessStory.objects.get(), ChampionSignup.objects.get()
    assert story.reference.startswith("STORY-") and signup.reference.startswith("CHAMP-")
    assert _reference_on(story_page.content.decode()) == story.reference
    assert _reference_on(signup_page.content.decode()) == signup.reference
    bodies = {m.subject: m.body for m in mail.outbox}
    assert sum(f"Reference: {story.reference}" in body for body in bodies.values()) >= 1
    assert sum(f"Reference: {signup.reference}" in body for body in bodies.values()) >= 2
