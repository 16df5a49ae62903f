"""An image sent with a success story becomes the draft case study's image, with its alt text,
on the page, in the API and in the admin."""

import io
import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
import wagtail_factories
from PIL import Image

from cms.editorial.models import CaseStudyIndexPage, CaseStudyPage
from intake.engagement.models import SuccessStory
from tests.cms.factories import CaseStudyPageFactory
from tests.cms.helpers import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

STORY_URL = "/share-a-success/"
ALT = "Twelve people round a table, sorting cards of housing tables"


@pytest.fixture
def case_study_index(home_page):
    index = CaseStudyIndexPage(title="Case studies", slug="case-studies")
    home_page.add_child(instance=index)
    return index


def png(size=(1200, 600)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "panel.png"
    return buffer


def send_story(client, story_post, **extra) -> SuccessStory:
    response = client.post(STORY_URL, {**story_post, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return SuccessStory.objects.get()


def test_the_image_and_its_alt_text_reach_the_draft_case_study(
    client, story_post, case_study_index
):
    story = send_story(client, story_post, image=png(), image_alt=ALT)
    page = CaseStudyPage.objects.get(pk=story.page_id)
    assert not page.live
    assert page.image == story.image and page.image is not None
    assert page.image_alt_text == ALT
    # Editors review and publish the draft's revision, so it must carry the image too.
    draft = page.get_latest_revision_as_object()
    assert (draft.image_id, draft.image_alt_text) == (story.image_id, ALT)


def test_published_case_study_shows_the_image_with_its_alt_text(
    client, story_post, case_study_index
):
    story = send_story(client, story_post, image=png(), image_alt=ALT)
    page = CaseStudyPage.objects.get(pk=story.page_id)
    page.get_latest_revision().publish()
    page.refresh_from_db()

    html = client.get(page.url).content.decode()
    (img,) = re.findall(r"<img [^>]*hub-responsive-image[^>]*>", html)
    assert f'alt="{ALT}"' in img
    assert ".width-960." in img

    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    image = response.json()["image"]
    assert image["id"] == story.image_id
    assert image["alt_text"] == ALT
    assert image["rendition"]["alt"] == ALT
    assert image["rendition"]["url"].startswith("/media/images/")
    assert 0 < image["rendition"]["width"] <= 1280


def test_a_story_without_an_image_has_none(client, story_post, case_study_index):
    story = send_story(client, story_post)
    page = CaseStudyPage.objects.get(pk=story.page_id)
    assert (page.image, page.image_alt_text) == (None, "")
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert "hub-responsive-image" not in client.get(page.url).content.decode()
    assert client.get(f"/api/v2/pages/{page.pk}/").json()["image"] is None


def test_the_story_record_in_the_admin_shows_the_image(
    client, editor, story_post, case_study_index
):
    story = send_story(client, story_post, image=png(), image_alt=ALT)
    client.force_login(editor)
    html = client.get(
        reverse("engagement_successstory_modeladmin_inspect", args=[story.pk])
    ).content.decode()
    assert re.search(rf'<img [^>]*alt="{re.escape(ALT)}"[^>]*src="/media/images/', html)
    assert "Image alt text" in html and html.count(ALT) >= 2


def test_editors_can_set_the_image_and_must_give_alt_text(
    client, editor, story_post, case_study_index
):
    story = send_story(client, story_post, image=png(), image_alt=ALT)
    page = CaseStudyPage.objects.get(pk=story.page_id)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'name="image"' in html and 'name="image_alt_text"' in html
    page.image_alt_text = "  "
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "image_alt_text" in error.value.message_dict


def test_a_listing_of_case_studies_with_images_costs_fixed_queries(client, case_study_index):
    def add(n):
        for _ in range(n):
            CaseStudyPageFactory(
                parent=case_study_index,
                image=wagtail_factories.ImageFactory(),
                image_alt_text="A chart",
            )

    def request():
        # Without the renditions cache, as on a cold start: only the prefetch saves a query
        # per image.
        cache.clear()
        return client.get(
            "/api/v2/pages/", {"type": "cms.CaseStudyPage", "fields": "image", "limit": 100}
        )

    assert_queries_do_not_grow(add_items=add, request=request, small=2, large=12)
