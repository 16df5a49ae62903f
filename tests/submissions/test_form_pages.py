"""Every public form page has one shape (intake.submissions.form_pages): it answers what a
browser sends and nothing else, and a honeypot answer reaches the landing page with nothing
stored."""

import pytest

from intake.engagement.models import ChampionSignup, EngagementRequest, SuccessStory
from intake.models import Membership, UserGroup
from intake.submissions.spam import HONEYPOT_FIELD
from tests.intake.factories import UserGroupFactory

pytestmark = pytest.mark.django_db

FORM_PAGES = [
    "/groups/register/",
    "/groups/{slug}/join/",
    "/manage/",
    "/request-engagement/",
    "/share-a-success/",
    "/become-a-champion/",
]


def _nothing_stored(groups_before: int) -> bool:
    return (
        UserGroup.objects.count() == groups_before
        and not Membership.objects.exists()
        and not EngagementRequest.objects.exists()
        and not SuccessStory.objects.exists()
        and not ChampionSignup.objects.exists()
    )


@pytest.mark.parametrize("page", FORM_PAGES)
def test_a_form_page_answers_only_what_a_browser_sends(client, page):
    """Django's FormView would treat a PUT as a POST: these pages refuse it and store nothing."""
    path = page.format(slug=UserGroupFactory(status="listed", membership="open").slug)
    groups = UserGroup.objects.count()
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200
    for method in (client.put, client.patch, client.delete):
        assert method(path, data="name=x").status_code == 405, method.__name__
    assert _nothing_stored(groups)


@pytest.mark.parametrize("page", FORM_PAGES)
def test_a_honeypot_answer_reaches_the_landing_page_and_stores_nothing(client, page):
    path = page.format(slug=UserGroupFactory(status="listed", membership="open").slug)
    groups = UserGroup.objects.count()
    response = client.post(path, {HONEYPOT_FIELD: "Bot"})
    assert response.status_code == 302, response.content[:300]
    assert "/sent/" in response["Location"]
    assert _nothing_stored(groups)
