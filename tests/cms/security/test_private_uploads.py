"""An image sent with "Share a success" is private, without metadata, until its page is live."""

import io
import re

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.test import Client

import pytest
from PIL import Image

from cms.editorial.models import CaseStudyIndexPage, CaseStudyPage
from cms.security.uploads import PRIVATE_COLLECTION_NAME, image_without_metadata
from intake.engagement.models import SuccessStory
from intake.submissions import spam
from tests.forms import rendering

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def jpeg_with_gps() -> io.BytesIO:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Camera app 1.0"  # Software
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 1.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, "JPEG", exif=exif.tobytes())
    buffer.seek(0)
    buffer.name = "IMG_0001.jpg"
    return buffer


def test_the_test_image_really_has_gps():
    with Image.open(jpeg_with_gps()) as probe:
        assert probe.getexif().get_ifd(GPS_IFD)[1] == "N"


@pytest.mark.parametrize("extension", ["jpg", "png", "webp"])
def test_re_encoding_drops_every_piece_of_metadata(extension):
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 1.5)}
    exif[0x010F] = "PhoneMaker"
    source = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(
        source, {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[extension], exif=exif.tobytes()
    )
    cleaned = image_without_metadata(source, extension=extension)
    assert b"PhoneMaker" in source.getvalue() and b"PhoneMaker" not in cleaned.read()
    cleaned.seek(0)
    with Image.open(cleaned) as probe:
        assert dict(probe.getexif()) == {}
        assert "exif" not in probe.info and probe.size == (20, 10)


def _story_post() -> dict:
    return {
        "title": "How a user panel reshaped our housing release",
        "organisation": "mhclg",
        "themes": ["housing"],
        "goals": ["collaborate"],
        "task": "We wanted to know which housing tables people used.",
        "approach": "We ran a user panel of 40 people over three months.",
        "outcome": "We cut three unused tables.",
        "name": "Mary Somerville",
        "email": "mary.somerville@mhclg.example.gov.uk",
        "consent": "on",
        "image": jpeg_with_gps(),
        "image_alt": "People round a table sorting cards",
        **rendering(),
        spam.HONEYPOT_FIELD: "",
    }


def _reachable(client, url) -> int:
    response = client.get(url)
    if response.status_code == 200 and hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response.status_code


def test_story_image_is_unreachable_until_its_case_study_is_published(client, home_page):
    home_page.add_child(instance=CaseStudyIndexPage(title="Case studies", slug="case-studies"))
    response = client.post("/share-a-success/", _story_post())
    assert response.status_code == 302
    story = SuccessStory.objects.select_related("image__collection").get()
    image = story.image
    assert image.collection.name == PRIVATE_COLLECTION_NAME
    assert "mary" not in image.file.name.lower() and "IMG_0001" not in image.file.name

    # No metadata left in the stored file.
    with default_storage.open(image.file.name) as stored:
        data = stored.read()
    assert b"PhoneMaker" not in data and b"Camera app" not in data
    with Image.open(io.BytesIO(data)) as probe:
        assert dict(probe.getexif()) == {} and probe.size == (64, 48)

    rendition = image.get_rendition("max-1280x1280")
    original_url, rendition_url = image.file.url, rendition.url
    assert original_url.startswith("/media/") and rendition_url.startswith("/media/")

    anonymous = Client()
    listing = anonymous.get("/api/v2/images/").json()
    assert listing["meta"]["total_count"] == 0
    assert anonymous.get(f"/api/v2/images/{image.pk}/").status_code == 404
    assert anonymous.get("/api/v2/images/?search=housing").json()["items"] == []
    assert _reachable(anonymous, original_url) == 404
    assert _reachable(anonymous, rendition_url) == 404

    # Editors see it in the draft case study.
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("ed", "ed@example.org", "pw"))
    assert _reachable(editor, original_url) == 200
    assert _reachable(editor, rendition_url) == 200
    assert editor.get(original_url)["Cache-Control"] == "private, no-store"

    page = CaseStudyPage.objects.get(pk=story.page_id)
    page.save_revision().publish()

    image.refresh_from_db()
    assert image.collection.is_root()
    listing = anonymous.get("/api/v2/images/").json()
    assert [item["id"] for item in listing["items"]] == [image.pk]
    assert _reachable(anonymous, original_url) == 200
    assert _reachable(anonymous, rendition_url) == 200
    page_body = anonymous.get(page.url).content.decode()
    shown = re.findall(r'src="(/media/images/story-[^"]+)"', page_body)
    assert shown and all(_reachable(anonymous, url) == 200 for url in shown)

    # Unpublished again: private again.
    page.refresh_from_db()
    page.unpublish()
    image.refresh_from_db()
    assert image.collection.name == PRIVATE_COLLECTION_NAME
    assert _reachable(anonymous, original_url) == 404
    assert anonymous.get("/api/v2/images/").json()["meta"]["total_count"] == 0


def test_media_paths_cannot_leave_the_storage(client):
    assert client.get("/media/../cms/settings/base.py").status_code == 404
    assert client.get("/media/%2e%2e/manage.py").status_code == 404
