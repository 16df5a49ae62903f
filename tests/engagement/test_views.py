"""The public pages and the editors' admin, through real HTTP and the links in real emails."""

import io
import re

from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import WorkflowState

import pytest
from PIL import Image

from cms.editorial.models import CaseStudyIndexPage, CaseStudyPage, Champion, ChampionsPage
from intake.engagement.models import ChampionSignup, EngagementRequest, SuccessStory
from intake.submissions import spam
from tests.engagement.factories import (
    ChampionFactory,
    ChampionSignupFactory,
    EngagementRequestFactory,
)
from tests.engagement.factories import theme as theme_obj
from tests.forms import (
    assert_error_summary_follows_the_page,
    emails_to,
    links_in,
    offered_values,
    rendering,
    theme_slugs_in_tree_order,
)

pytestmark = pytest.mark.django_db

REQUEST_URL = "/request-engagement/"
SIGNUP_URL = "/become-a-champion/"
STORY_URL = "/share-a-success/"


def post(client, url, data, capture, **extra):
    with capture(execute=True):
        return client.post(url, data, **extra)


# --- Engagement request journey -----------------------------------------------------------


def test_form_shows_fields_privacy_notice_and_spam_fields(client):
    response = client.get(REQUEST_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="organisation"' in html and 'name="kind"' in html
    assert "We keep your details for 2 years after your request is closed" in html
    assert "We publish a summary only if you agree" in html
    assert "Privacy notice version 2026-01" in html or "version 2026-01" in html
    assert f'name="{spam.HONEYPOT_FIELD}"' in html and f'name="{spam.TIMESTAMP_FIELD}"' in html
    assert "<script>" not in html


def test_request_journey_end_to_end(client, request_post, django_capture_on_commit_callbacks):
    champion = ChampionFactory(email="champ@ons.example.gov.uk")
    response = post(client, REQUEST_URL, request_post, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    item = EngagementRequest.objects.get()
    confirmation = client.get(response["Location"])
    assert item.reference in confirmation.content.decode()

    # The requester follows the status link in their email.
    (receipt,) = emails_to("ada.lovelace@example.org")
    (status_path,) = links_in(receipt, containing="/status/")
    status_page = client.get(status_path)
    assert status_page.status_code == 200
    assert item.reference in status_page.content.decode()
    assert "Received" in status_page.content.decode()

    # The champion follows their link, acknowledges, then answers.
    (handle_path,) = links_in(emails_to(champion.email)[0], containing="/handle/")
    page = client.get(handle_path)
    assert "Ada Lovelace" in page.content.decode()
    mail.outbox.clear()
    response = post(
        client,
        handle_path,
        {"status": "acknowledged", "response": "Thanks, we are looking at it."},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    response = post(
        client,
        handle_path,
        {"status": "answered", "response": "We will publish it in the March release."},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "answered"
    assert [m.subject for m in emails_to("ada.lovelace@example.org")] == [
        f"Your request {item.reference} is now acknowledged",
        f"Your request {item.reference} is now answered",
    ]
    latest = emails_to("ada.lovelace@example.org")[-1]
    assert "March release" in latest.body
    status_page = client.get(links_in(latest, containing="/status/")[0]).content.decode()
    assert "March release" in status_page and "Answered" in status_page


def test_invalid_request_shows_errors_and_saves_nothing(client, request_post):
    request_post.update({"email": "not-an-email", "kind": "", "organisation": "nowhere"})
    response = client.post(REQUEST_URL, request_post)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter an email address in the correct format, like name@example.com." in html
    assert "Choose what you are asking for." in html
    assert "Choose an organisation from the list." in html
    assert EngagementRequest.objects.count() == 0


@pytest.mark.parametrize("url", [REQUEST_URL, SIGNUP_URL, STORY_URL])
def test_error_summary_follows_the_order_of_the_page(client, url):
    response = client.post(url, rendering())
    links = assert_error_summary_follows_the_page(response)
    assert links[-1][0] == "id_consent", "the consent box is the last question"


def test_story_image_problem_comes_before_the_contact_details(client, story_post):
    story_post.update(email="not-an-email", consent="")
    story_post["image"] = io.BytesIO(b"not an image")
    story_post["image"].name = "notes.txt"
    response = client.post(STORY_URL, story_post)
    targets = [target for target, _message in assert_error_summary_follows_the_page(response)]
    assert targets == ["id_image", "id_email", "id_consent"]


@pytest.mark.parametrize("url", [REQUEST_URL, SIGNUP_URL, STORY_URL])
def test_forms_leave_checking_to_the_error_summary(client, url):
    """The browser's own validation bubble would pre-empt the GOV.UK error summary."""
    (form_tag,) = re.findall(r"<form\b[^>]*method=\"post\"[^>]*>", client.get(url).content.decode())
    assert " novalidate" in form_tag
    if url == STORY_URL:
        assert form_tag.count("enctype=") == 1, "the image upload needs multipart, once"


@pytest.mark.parametrize(
    ("url", "field"), [(REQUEST_URL, "theme"), (SIGNUP_URL, "themes"), (STORY_URL, "themes")]
)
def test_themes_are_offered_in_tree_order(client, url, field):
    """Parents followed by their children ("Census", then "Census: Ageing"), each level in
    the order editors set, as on the register form."""
    assert offered_values(client.get(url), field) == theme_slugs_in_tree_order()

    business = theme_obj("business-industry-and-trade")
    business.sort_order = 100
    business.save()
    offered = offered_values(client.get(url), field)
    assert offered == theme_slugs_in_tree_order()
    assert offered[:2] == ["census", "ageing"]
    assert offered.index("business-industry-and-trade") + 1 == offered.index("business")


def test_request_without_consent_is_refused(client, request_post):
    del request_post["consent"]
    response = client.post(REQUEST_URL, request_post)
    assert "Confirm you agree to us storing these details" in response.content.decode()
    assert EngagementRequest.objects.count() == 0


def test_honeypot_shows_success_and_saves_nothing(
    client, request_post, django_capture_on_commit_callbacks
):
    request_post[spam.HONEYPOT_FIELD] = "http://spam.example"
    response = post(client, REQUEST_URL, request_post, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert "Request sent" in client.get(response["Location"]).content.decode()
    assert EngagementRequest.objects.count() == 0
    assert mail.outbox == []


def test_form_sent_too_fast_is_refused(client, request_post):
    request_post.update(rendering(0))
    response = client.post(REQUEST_URL, request_post)
    assert "sent too quickly" in response.content.decode()
    assert EngagementRequest.objects.count() == 0


@override_settings(INTAKE_POST_RATE="2/m")
@pytest.mark.parametrize("url", [REQUEST_URL, SIGNUP_URL, STORY_URL])
def test_rate_limit_answers_429_with_a_readable_page(client, url):
    for _ in range(2):
        assert client.post(url, {}).status_code == 200
    response = client.post(url, {})
    assert response.status_code == 429
    assert "<h1" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/request-engagement/status/nonsense/",
        "/request-engagement/handle/nonsense/",
        "/request-engagement/sent/nonsense/",
    ],
)
def test_bad_links_give_a_readable_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_champion_page_for_closed_request_has_no_form(client):
    champion = ChampionFactory()
    item = EngagementRequestFactory(status="closed")
    from intake.engagement.links import champion_link

    path = champion_link(engagement_request_id=item.id, champion_id=champion.id).replace(
        "http://testserver", ""
    )
    html = client.get(path).content.decode()
    assert "This request is closed." in html and 'name="status"' not in html
    assert client.post(path, {"status": "answered", "response": "x"}).status_code == 200
    item.refresh_from_db()
    assert item.status == "closed"


def test_champion_cannot_answer_without_response(client):
    champion = ChampionFactory()
    item = EngagementRequestFactory()
    from intake.engagement.links import champion_link

    path = champion_link(engagement_request_id=item.id, champion_id=champion.id).replace(
        "http://testserver", ""
    )
    response = client.post(path, {"status": "answered", "response": ""})
    assert "Enter the answer to send" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "received"


# --- You said, we did ---------------------------------------------------------------------


def published(**kwargs):
    from django.utils import timezone

    values = {
        "status": "answered",
        "answered_at": timezone.now(),
        "public_summary": "Users asked for deaths by local authority.",
        "public_outcome": "We added a local authority table.",
        "consent_to_publish": True,
    }
    return EngagementRequestFactory(**{**values, **kwargs})


def test_you_said_we_did_lists_only_consented_answered_summarised_requests(client):
    shown = published(name="Visible Person", email="visible@example.org")
    published(consent_to_publish=False, public_summary="NOCONSENT")
    published(status="in_progress", public_summary="NOTANSWERED")
    published(public_outcome="", public_summary="NOOUTCOME")
    closed = published(status="closed", public_summary="Closed after answering.")
    html = client.get("/you-said-we-did/").content.decode()
    assert shown.public_summary in html and closed.public_summary in html
    for hidden in ("NOCONSENT", "NOTANSWERED", "NOOUTCOME"):
        assert hidden not in html
    assert shown.organisation.name in html and shown.theme.name in html


def test_you_said_we_did_holds_no_personal_data(client, django_assert_max_num_queries):
    items = [published() for _ in range(3)]
    with django_assert_max_num_queries(12) as few:
        client.get("/you-said-we-did/")
    items += [published() for _ in range(22)]
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/you-said-we-did/").content.decode()
    html += client.get("/you-said-we-did/?page=2").content.decode()
    for item in items:
        for value in (item.name, item.email, item.description, item.statistics, item.reference):
            assert value not in html
    assert client.get("/you-said-we-did/?page=zzz").status_code == 200


# --- Champion sign-up ---------------------------------------------------------------------


@pytest.fixture
def champions_page(home_page):
    page = ChampionsPage(title="Champions", slug="champions")
    home_page.add_child(instance=page)
    return page


def test_champion_signup_to_listing(
    client, signup_post, editor, champions_page, django_capture_on_commit_callbacks
):
    response = post(client, SIGNUP_URL, signup_post, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert "Sign-up sent" in client.get(response["Location"]).content.decode()
    signup = ChampionSignup.objects.get()
    assert signup.consent_given_at and signup.privacy_notice_version == "2026-01"
    assert "Grace Hopper" not in client.get(champions_page.url).content.decode()

    # The editors' email links to the sign-up in the admin; an editor approves it there.
    (notice,) = emails_to("editors@userhub.example")
    (admin_path,) = links_in(notice, containing="/admin/")
    client.force_login(editor)
    assert client.get(admin_path).status_code == 200
    decide = reverse("engagement_admin:signup_decide", args=[signup.pk])
    assert "Grace Hopper" in client.get(decide).content.decode()
    response = post(client, decide, {"action": "approve"}, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Champion.objects.filter(email="grace.hopper@dwp.example.gov.uk", is_listed=True)
    client.logout()
    assert "Grace Hopper" in client.get(champions_page.url).content.decode()
    assert emails_to("grace.hopper@dwp.example.gov.uk")[-1].subject.startswith("You are now")


def test_champion_signup_rejected_in_admin(client, editor, django_capture_on_commit_callbacks):
    signup = ChampionSignupFactory()
    client.force_login(editor)
    decide = reverse("engagement_admin:signup_decide", args=[signup.pk])
    response = client.post(decide, {"action": "reject", "reason": ""})
    assert "Enter the reason" in response.content.decode()
    post(
        client,
        decide,
        {"action": "reject", "reason": "Not a GSS body."},
        django_capture_on_commit_callbacks,
    )
    signup.refresh_from_db()
    assert signup.status == "rejected" and not Champion.objects.exists()


def test_signup_listing_costs_fixed_queries(client, editor, django_assert_max_num_queries):
    ChampionSignupFactory.create_batch(3)
    client.force_login(editor)
    url = reverse("engagement_championsignup_modeladmin_index")
    # One request first: per-process caches (content types, the site, the user's profile)
    # fill on the first admin request whatever ran before this test.
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    ChampionSignupFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    extra = sorted(
        {q["sql"] for q in many.captured_queries} - {q["sql"] for q in few.captured_queries}
    )
    assert len(many.captured_queries) <= len(few.captured_queries), extra


# --- Engagement requests in the admin -----------------------------------------------------


def test_admin_listing_flags_overdue_and_filters(client, editor, django_assert_max_num_queries):
    from datetime import timedelta

    from django.utils import timezone

    late = EngagementRequestFactory(created_at=timezone.now() - timedelta(days=30))
    fresh = EngagementRequestFactory()
    client.force_login(editor)
    url = reverse("engagement_engagementrequest_modeladmin_index")
    with django_assert_max_num_queries(40) as few:
        html = client.get(url).content.decode()
    assert late.reference in html and fresh.reference in html
    EngagementRequestFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    overdue_only = client.get(url, {"overdue": "yes"}).content.decode()
    assert late.reference in overdue_only and fresh.reference not in overdue_only
    assert client.get(reverse("engagement_engagementrequest_modeladmin_create")).status_code in (
        302,
        403,
    )


def test_editor_moves_request_on_and_writes_public_summary(
    client, editor, django_capture_on_commit_callbacks
):
    item = EngagementRequestFactory(email="req@example.org")
    client.force_login(editor)
    url = reverse("engagement_admin:request_update", args=[item.pk])
    assert item.reference in client.get(url).content.decode()
    response = post(
        client,
        url,
        {
            "action": "update_status",
            "status-status": "answered",
            "status-response": "Published today.",
        },
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    client.post(
        url,
        {
            "action": "save_summary",
            "summary-public_summary": "A user asked for monthly figures.",
            "summary-public_outcome": "We now publish monthly.",
        },
    )
    item.refresh_from_db()
    assert item.status == "answered" and item.public_outcome == "We now publish monthly."
    assert item.history.last().changed_by == editor
    assert "is now answered" in emails_to("req@example.org")[0].subject
    client.logout()
    assert "We now publish monthly." in client.get("/you-said-we-did/").content.decode()


def test_admin_views_need_permission(client, django_user_model):
    item = EngagementRequestFactory()
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="nobody", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
    for url in (
        reverse("engagement_admin:request_update", args=[item.pk]),
        reverse("privacy_admin:personal_data"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"
    client.post(
        reverse("engagement_admin:request_update", args=[item.pk]),
        {"action": "update_status", "status-status": "closed", "status-response": ""},
    )
    item.refresh_from_db()
    assert item.status == "received"


# --- Share a success ----------------------------------------------------------------------


@pytest.fixture
def case_study_index(home_page):
    index = CaseStudyIndexPage(title="Case studies", slug="case-studies")
    home_page.add_child(instance=index)
    return index


def image_file(fmt="PNG", size=(20, 10), name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=fmt)
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_share_a_success_with_image_creates_a_draft_in_the_workflow(
    client, story_post, case_study_index, editor, django_capture_on_commit_callbacks
):
    story_post.update({"image": image_file(), "image_alt": "The user panel at work"})
    response = post(client, STORY_URL, story_post, django_capture_on_commit_callbacks)
    assert response.status_code == 302, response.content.decode()[:2000]
    story = SuccessStory.objects.get()
    page = CaseStudyPage.objects.get(pk=story.page_id)
    assert not page.live
    assert WorkflowState.objects.filter(object_id=str(page.pk), status="in_progress").exists()
    assert story.image.description == "The user panel at work"
    assert story.image.width == 20
    # The public never sees the draft; the editor finds it from the email.
    assert client.get(f"/case-studies/{page.slug}/").status_code == 404
    (path,) = links_in(emails_to("editors@userhub.example")[0], containing="/pages/")
    client.force_login(editor)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
            "must be a JPEG, PNG, WebP or GIF",
        ),
        (io.BytesIO(b"GIF89a this is not really an image"), "must be a JPEG, PNG, WebP or GIF"),
        (image_file("BMP", name="photo.png"), "must be a JPEG, PNG, WebP or GIF"),
        (image_file("PNG", size=(6000, 5000)), "too many pixels"),
    ],
)
def test_bad_images_are_refused_by_content(client, story_post, case_study_index, upload, message):
    upload.name = getattr(upload, "name", "picture.png")
    story_post.update({"image": upload, "image_alt": "An image"})
    response = client.post(STORY_URL, story_post)
    assert message in response.content.decode()
    assert not SuccessStory.objects.exists() and not CaseStudyPage.objects.exists()


@override_settings(SUCCESS_IMAGE_MAX_BYTES=1024)
def test_large_images_are_refused(client, story_post, case_study_index):
    story_post.update({"image": image_file(size=(400, 400)), "image_alt": "Big"})
    import random

    big = io.BytesIO()
    Image.frombytes("RGB", (300, 300), random.randbytes(300 * 300 * 3)).save(big, "PNG")
    big.seek(0)
    big.name = "big.png"
    story_post["image"] = big
    response = client.post(STORY_URL, story_post)
    assert "must be smaller than" in response.content.decode()
    assert not SuccessStory.objects.exists()


def test_image_needs_alt_text(client, story_post, case_study_index):
    story_post.update({"image": image_file(), "image_alt": ""})
    response = client.post(STORY_URL, story_post)
    assert "Describe the image for people who cannot see it." in response.content.decode()
    assert not SuccessStory.objects.exists()


def test_forms_show_privacy_and_refuse_a_forged_timestamp(client, story_post, case_study_index):
    for url in (REQUEST_URL, SIGNUP_URL, STORY_URL):
        html = client.get(url).content.decode()
        assert "govuk-inset-text" in html and "privacy" in html.lower()
    story_post[spam.TIMESTAMP_FIELD] = story_post[spam.TIMESTAMP_FIELD][:-3] + "abc"
    response = client.post(STORY_URL, story_post)
    assert "This form has expired" in response.content.decode()


def test_admin_home_shows_overdue_requests_and_waiting_signups(client, editor):
    from datetime import timedelta

    from django.utils import timezone

    EngagementRequestFactory(created_at=timezone.now() - timedelta(days=40))
    EngagementRequestFactory()
    ChampionSignupFactory()
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "1 engagement request not acknowledged within 5 working days" in html
    assert "1 champion sign-up waiting for a decision" in html
    assert "?overdue=yes" in html


def test_request_form_takes_theme_and_organisation_from_the_link(client):
    html = client.get(REQUEST_URL, {"theme": "housing", "organisation": "dwp"}).content.decode()
    assert '<option value="housing" selected>' in html
    assert '<option value="dwp" selected>' in html
    assert client.get(REQUEST_URL, {"theme": "x" * 5000}).status_code == 200


def test_success_story_listing_and_record_in_admin(client, editor, story_post, case_study_index):
    client.post(STORY_URL, story_post)
    story = SuccessStory.objects.get()
    client.force_login(editor)
    listing = client.get(reverse("engagement_successstory_modeladmin_index"))
    assert listing.status_code == 200 and story.title in listing.content.decode()
    record = client.get(reverse("engagement_successstory_modeladmin_inspect", args=[story.pk]))
    assert record.status_code == 200 and story.title in record.content.decode()
    assert client.get(reverse("engagement_successstory_modeladmin_create")).status_code == 302


def test_you_said_we_did_by_theme_and_on_the_theme_page(client):
    housing = published(theme=theme_obj("housing"), public_summary="HOUSING-ASK")
    published(theme=theme_obj("people-in-work"), public_summary="JOBS-ASK")
    html = client.get("/you-said-we-did/", {"theme": "housing"}).content.decode()
    assert "HOUSING-ASK" in html and "JOBS-ASK" not in html
    everything = client.get("/you-said-we-did/", {"theme": "no-such-theme"}).content.decode()
    assert "HOUSING-ASK" in everything and "JOBS-ASK" in everything
    theme_page = client.get(housing.theme.get_absolute_url()).content.decode()
    assert "You said, we did" in theme_page and "HOUSING-ASK" in theme_page
    assert "JOBS-ASK" not in theme_page
    assert housing.email not in theme_page and housing.name not in theme_page
