"""Private pages (a view restriction on the page or an ancestor) stay out of the public listings,
and the hub's ``public()`` answers that inside the listing's own query."""

from wagtail.models import Page, PageViewRestriction

import pytest

from cms.editorial.models import CaseStudyPage, StandardPage
from tests.cms.factories import CaseStudyPageFactory, StandardPageFactory, UpdatePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(home_page, case_study_index, update_index):
    """Public and private pages: a password on one case study, a login on a whole section."""
    public = CaseStudyPageFactory(parent=case_study_index, title="Open study")
    private = CaseStudyPageFactory(parent=case_study_index, title="Secret study")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    section = StandardPageFactory(parent=home_page, title="Members area")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    inside = StandardPageFactory(parent=section, title="Members guidance")
    deeper = StandardPageFactory(parent=inside, title="Members detail")
    # A sibling whose path starts like the section's must stay public.
    neighbour = StandardPageFactory(parent=home_page, title="Open guidance")
    return {"public": [public, neighbour], "private": [private, section, inside, deeper]}


def test_same_pages_as_wagtails_public_and_private(restricted):
    for model in (CaseStudyPage, StandardPage):
        wagtail_public = set(Page.objects.type(model).public().values_list("pk", flat=True))
        wagtail_private = set(Page.objects.type(model).private().values_list("pk", flat=True))
        assert set(model.objects.public().values_list("pk", flat=True)) == wagtail_public
        assert set(model.objects.private().values_list("pk", flat=True)) == wagtail_private
    private_ids = {page.pk for page in restricted["private"]}
    assert not private_ids & set(StandardPage.objects.public().values_list("pk", flat=True))
    assert restricted["public"][1].pk in StandardPage.objects.public().values_list("pk", flat=True)


def test_public_costs_no_query_of_its_own(restricted, django_assert_num_queries):
    with django_assert_num_queries(1):
        titles = {page.title for page in CaseStudyPage.objects.live().public()}
    assert titles == {"Open study"}


def test_private_pages_stay_off_the_home_page_and_the_index(
    client, restricted, home_page, case_study_index
):
    home = client.get(home_page.url).content.decode()
    index = client.get(case_study_index.url).content.decode()
    for body in (home, index):
        assert "Open study" in body
        assert "Secret study" not in body
    assert "1 case study" in index


def test_a_private_index_is_not_linked_from_the_home_page(
    client, home_page, case_study_index, update_index
):
    UpdatePageFactory(parent=update_index, title="Members update")
    PageViewRestriction.objects.create(
        page=update_index, restriction_type=PageViewRestriction.LOGIN
    )
    body = client.get(home_page.url).content.decode()
    assert "See all updates" not in body
    assert "Members update" not in body
    assert "See all case studies" in body
