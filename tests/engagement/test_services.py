"""Service rules for engagement requests, champion sign-ups and success stories."""

import datetime as dt
import re

from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest

from cms.editorial.models import CaseStudyIndexPage, CaseStudyPage, Champion
from intake.engagement import references, services
from intake.engagement.links import CHAMPION, STATUS, status_token
from intake.engagement.models import (
    ChampionSignup,
    EngagementRequest,
    EngagementStatusChange,
    SuccessStory,
)
from intake.engagement.selectors import (
    engagement_request_acknowledge_by,
    engagement_request_is_overdue,
    overdue_filter,
)
from intake.submissions.models import OutboundEmail
from intake.submissions.tokens import token_read
from tests.engagement.factories import (
    ChampionFactory,
    ChampionSignupFactory,
    EngagementRequestFactory,
    organisation,
    theme,
)
from tests.forms import emails_to, links_in

pytestmark = pytest.mark.django_db

Status = EngagementRequest.Status


def request_data(**overrides) -> dict:
    data = {
        "organisation": organisation("ons"),
        "theme": theme("health-and-social-care"),
        "statistics": "Weekly deaths",
        "kind": "new_data",
        "description": "Deaths by local authority, please.",
        "name": "Ada Lovelace",
        "email": "Ada@Example.org",
        "requester_organisation": "",
        "consent_to_publish": True,
    }
    return {**data, **overrides}


# --- Engagement requests ------------------------------------------------------------------


def test_submit_stores_request_with_reference_consent_and_history(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        item = services.engagement_request_submit(data=request_data())
    item.refresh_from_db()
    assert re.fullmatch(r"UEH-[23456789ABCDEFGHJKMNPQRSTWXYZ]{6}", item.reference)
    assert item.email == "ada@example.org"
    assert item.status == Status.RECEIVED
    assert item.consent_given_at is not None
    assert item.privacy_notice_version == "2026-01"
    assert list(item.history.values_list("to_status", flat=True)) == ["received"]
    (receipt,) = emails_to("ada@example.org")
    assert item.reference in receipt.subject
    assert item.reference in receipt.body


def test_submit_notifies_each_listed_champion_of_the_organisation_with_their_own_link(
    django_capture_on_commit_callbacks,
):
    first, second = ChampionFactory.create_batch(2)
    ChampionFactory(is_listed=False, email="unlisted@ons.example.gov.uk")
    ChampionFactory(organisation=organisation("dwp"), email="dwp@dwp.example.gov.uk")
    with django_capture_on_commit_callbacks(execute=True):
        item = services.engagement_request_submit(data=request_data())
    first_mail, second_mail = emails_to(first.email), emails_to(second.email)
    assert len(first_mail) == 1 and len(second_mail) == 1
    assert "Ada Lovelace" in first_mail[0].body and item.reference in first_mail[0].body
    assert links_in(first_mail[0], containing="/handle/") != links_in(
        second_mail[0], containing="/handle/"
    )
    assert not emails_to("unlisted@ons.example.gov.uk")
    assert not emails_to("dwp@dwp.example.gov.uk")
    assert not emails_to("editors@userhub.example")


def test_submit_without_champions_goes_to_the_hub_editors(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = services.engagement_request_submit(data=request_data())
    (message,) = emails_to("editors@userhub.example")
    assert "no champion" in message.subject
    assert f"/admin/engagement/requests/{item.id}/" in message.body


def test_reference_collision_draws_again(monkeypatch):
    taken = EngagementRequestFactory(reference="UEH-AAAAAA")
    draws = iter(["UEH-AAAAAA", "UEH-AAAAAA", "UEH-BBBBBB"])
    monkeypatch.setattr(services, "reference_generate", lambda: next(draws))
    item = services.engagement_request_submit(data=request_data())
    assert item.reference == "UEH-BBBBBB"
    assert EngagementRequest.objects.count() == 2
    assert EngagementRequest.objects.get(pk=taken.pk).reference == "UEH-AAAAAA"


def test_reference_space_exhausted_fails_cleanly(monkeypatch):
    EngagementRequestFactory(reference="UEH-AAAAAA")
    monkeypatch.setattr(services, "reference_generate", lambda: "UEH-AAAAAA")
    with pytest.raises(services.ReferenceExhausted):
        services.engagement_request_submit(data=request_data())
    assert EngagementRequest.objects.count() == 1


def test_reference_space_exhausted_asks_people_to_try_again(client, request_post, monkeypatch):
    import json

    EngagementRequestFactory(reference="UEH-AAAAAA")
    monkeypatch.setattr(services, "reference_generate", lambda: "UEH-AAAAAA")
    response = client.post("/request-engagement/", request_post)
    assert response.status_code == 503
    assert "Wait a minute and send it again." in response.content.decode()
    payload = {k: v for k, v in request_post.items() if k not in ("nickname", "form_started")}
    payload.update(consent=True, consent_to_publish=True)
    response = client.post(
        "/api/engagement-requests", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 503 and "send it again" in response.json()["detail"]
    assert EngagementRequest.objects.count() == 1


def test_reference_normalise_accepts_what_people_type():
    assert references.reference_normalise(" ueh-7k3q 9p ") == "UEH-7K3Q9P"
    assert references.reference_normalise("7k3q9p") == "UEH-7K3Q9P"


def test_transition_moves_forward_records_who_and_emails_requester(
    editor, django_capture_on_commit_callbacks
):
    item = EngagementRequestFactory(email="req@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.engagement_request_transition(
            engagement_request_id=item.id, to_status=Status.ACKNOWLEDGED, user=editor
        )
    item.refresh_from_db()
    assert item.status == Status.ACKNOWLEDGED and item.acknowledged_at is not None
    change = item.history.get(to_status="acknowledged")
    assert (change.from_status, change.changed_by, change.actor_label) == (
        "received",
        editor,
        "Editor",
    )
    (message,) = emails_to("req@example.org")
    assert "acknowledged" in message.subject
    assert links_in(message, containing="/request-engagement/status/")


def test_transition_cannot_go_backwards_or_leave_closed(editor):
    item = EngagementRequestFactory(status=Status.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.engagement_request_transition(
            engagement_request_id=item.id, to_status=Status.ACKNOWLEDGED, user=editor
        )
    item.status = Status.CLOSED
    item.save()
    for status in Status.values:
        with pytest.raises(ValidationError):
            services.engagement_request_transition(
                engagement_request_id=item.id, to_status=status, user=editor
            )
    assert EngagementStatusChange.objects.filter(request=item).count() == 0


def test_answering_needs_a_response_and_stamps_the_answer(editor):
    item = EngagementRequestFactory()
    with pytest.raises(ValidationError) as error:
        services.engagement_request_transition(
            engagement_request_id=item.id, to_status=Status.ANSWERED, response="  ", user=editor
        )
    assert "response" in error.value.message_dict
    services.engagement_request_transition(
        engagement_request_id=item.id,
        to_status=Status.ANSWERED,
        response="We will publish it in March.",
        user=editor,
    )
    item.refresh_from_db()
    assert item.answered_at is not None and item.acknowledged_at is not None
    assert item.response == "We will publish it in March."


def test_champion_transition_is_recorded_as_champion():
    champion = ChampionFactory()
    item = EngagementRequestFactory()
    services.engagement_request_transition(
        engagement_request_id=item.id, to_status=Status.IN_PROGRESS, champion_id=champion.id
    )
    change = item.history.get()
    assert change.changed_by_champion == champion and change.actor_label == "Champion"


def test_champion_link_stops_working_when_unlisted_or_moved():
    champion = ChampionFactory()
    item = EngagementRequestFactory()
    url = services.champion_link(engagement_request_id=item.id, champion_id=champion.id)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert services.engagement_request_for_champion_token(token=token) == (item, champion)
    champion.organisation = organisation("dwp")
    champion.save()
    with pytest.raises(ValidationError):
        services.engagement_request_for_champion_token(token=token)
    champion.organisation = organisation("ons")
    champion.is_listed = False
    champion.save()
    with pytest.raises(ValidationError):
        services.engagement_request_for_champion_token(token=token)
    with pytest.raises(ValidationError):
        services.engagement_request_for_champion_token(token=token[:-2] + "xx")


def test_status_token_is_not_a_champion_token():
    item = EngagementRequestFactory()
    token = services.status_link(reference=item.reference).rstrip("/").rsplit("/", 1)[-1]
    assert services.engagement_request_for_status_token(token=token) == item
    with pytest.raises(ValidationError):
        services.engagement_request_for_champion_token(token=token)


# --- Overdue ------------------------------------------------------------------------------


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@override_settings(ENGAGEMENT_ACKNOWLEDGE_WORKING_DAYS=2, ENGAGEMENT_BANK_HOLIDAYS_SUBDIVISION="")
def test_overdue_counts_working_days_only():
    friday = dt.date(2026, 11, 20)
    item = EngagementRequestFactory(created_at=at(friday))
    # Two working days after a Friday is the Tuesday; overdue from Wednesday.
    assert engagement_request_acknowledge_by(engagement_request=item) == dt.date(2026, 11, 24)
    tuesday, wednesday = dt.date(2026, 11, 24), dt.date(2026, 11, 25)
    assert not engagement_request_is_overdue(engagement_request=item, today=tuesday)
    assert engagement_request_is_overdue(engagement_request=item, today=wednesday)
    overdue = EngagementRequest.objects.filter(overdue_filter(today=wednesday))
    assert list(overdue) == [item]
    assert not EngagementRequest.objects.filter(overdue_filter(today=tuesday)).exists()


@override_settings(
    ENGAGEMENT_ACKNOWLEDGE_WORKING_DAYS=1, ENGAGEMENT_BANK_HOLIDAYS_SUBDIVISION="ENG"
)
def test_overdue_skips_bank_holidays_when_configured():
    # Thursday 24 December 2026; Christmas and Boxing Day (substitute Monday 28th) are holidays.
    item = EngagementRequestFactory(created_at=at(dt.date(2026, 12, 24)))
    assert engagement_request_acknowledge_by(engagement_request=item) == dt.date(2026, 12, 29)
    with override_settings(ENGAGEMENT_BANK_HOLIDAYS_SUBDIVISION=""):
        assert engagement_request_acknowledge_by(engagement_request=item) == dt.date(2026, 12, 25)


@override_settings(ENGAGEMENT_ACKNOWLEDGE_WORKING_DAYS=1)
def test_acknowledged_requests_are_never_overdue():
    long_ago = timezone.now() - dt.timedelta(days=60)
    waiting = EngagementRequestFactory(created_at=long_ago)
    EngagementRequestFactory(created_at=long_ago, status=Status.ACKNOWLEDGED)
    assert list(EngagementRequest.objects.filter(overdue_filter())) == [waiting]
    assert waiting.is_overdue()


# --- Champion sign-ups --------------------------------------------------------------------


def test_signup_approval_lists_a_champion_and_tells_them(
    editor, django_capture_on_commit_callbacks
):
    signup = ChampionSignupFactory(email="new.champion@dwp.example.gov.uk", show_email=True)
    signup.themes.set([theme("people-in-work")])
    with django_capture_on_commit_callbacks(execute=True):
        services.champion_signup_approve(signup_id=signup.id, user=editor)
    signup.refresh_from_db()
    champion = Champion.objects.get(email="new.champion@dwp.example.gov.uk")
    assert champion.is_listed and champion.organisation.slug == "dwp"
    assert list(champion.themes.values_list("slug", flat=True)) == ["people-in-work"]
    assert champion.public_email == "new.champion@dwp.example.gov.uk"
    assert (signup.status, signup.decided_by, signup.champion) == ("approved", editor, champion)
    assert "now a user engagement champion" in emails_to(signup.email)[0].subject
    with pytest.raises(ValidationError):
        services.champion_signup_approve(signup_id=signup.id, user=editor)
    assert Champion.objects.filter(email=signup.email).count() == 1


def test_signup_rejection_needs_a_reason_and_lists_nobody(
    editor, django_capture_on_commit_callbacks
):
    signup = ChampionSignupFactory()
    with pytest.raises(ValidationError):
        services.champion_signup_reject(signup_id=signup.id, user=editor, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.champion_signup_reject(
            signup_id=signup.id, user=editor, reason="Your organisation already has two."
        )
    signup.refresh_from_db()
    assert signup.status == ChampionSignup.Status.REJECTED
    assert not Champion.objects.filter(email=signup.email).exists()
    assert "already has two" in emails_to(signup.email)[0].body


# --- Success stories ----------------------------------------------------------------------


@pytest.fixture
def case_study_index(home_page):
    index = CaseStudyIndexPage(title="Case studies", slug="case-studies")
    home_page.add_child(instance=index)
    return index


def story_data(**overrides) -> dict:
    data = {
        "title": "Our user panel",
        "organisation": organisation("ons"),
        "themes": [theme("housing")],
        "goals": ["collaborate"],
        "task": "Find out <b>who</b> uses the tables.",
        "approach": "A panel.\n\nThen a survey.",
        "outcome": "Three tables cut. A new local breakdown.",
        "lessons": "",
        "name": "Mary Somerville",
        "email": "Mary@Example.org",
        "show_contact": False,
    }
    return {**data, **overrides}


def test_success_story_becomes_a_draft_case_study_in_the_workflow(
    case_study_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = services.success_story_submit(data=story_data())
    page = CaseStudyPage.objects.get(pk=story.page_id)
    assert page.get_parent().specific == case_study_index
    assert not page.live and page.has_unpublished_changes
    assert page.summary == "Three tables cut."
    assert "&lt;b&gt;who&lt;/b&gt;" in page.task  # typed text is never HTML
    assert page.approach == "<p>A panel.</p><p>Then a survey.</p>"
    assert [g.code for g in page.goals.all()] == ["collaborate"]
    assert [t.slug for t in page.themes.all()] == ["housing"]
    assert page.contact_email == ""  # not shown unless the sender asks
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.latest_revision is not None
    assert story.email == "mary@example.org"
    (editors_mail,) = emails_to("editors@userhub.example")
    assert f"/admin/pages/{page.pk}/edit/" in editors_mail.body
    assert emails_to("mary@example.org")


def test_success_story_contact_shown_only_when_asked(case_study_index):
    story = services.success_story_submit(data=story_data(show_contact=True))
    page = CaseStudyPage.objects.get(pk=story.page_id)
    assert (page.contact_name, page.contact_email) == ("Mary Somerville", "mary@example.org")


def test_two_stories_with_one_title_get_different_slugs(case_study_index):
    first = services.success_story_submit(data=story_data())
    second = services.success_story_submit(data=story_data())
    assert first.page.slug != second.page.slug


def test_success_story_without_index_is_kept_and_editors_told(
    home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = services.success_story_submit(data=story_data())
    assert SuccessStory.objects.get(pk=story.pk).page is None
    assert "no case-study index" in emails_to("editors@userhub.example")[0].body


def test_emails_are_stored_in_the_outbox_before_sending(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.engagement_request_submit(data=request_data())
    assert OutboundEmail.objects.filter(template="engagement/request_received").exists()
    assert mail.outbox == []
    assert callbacks  # sending waits for the commit


def test_demo_requests_fill_you_said_we_did_once(client):
    from intake.engagement.demo import load_demo_engagement

    assert load_demo_engagement() == 4
    assert load_demo_engagement() == 0
    html = client.get("/you-said-we-did/").content.decode()
    assert "Private rents are now published for every local authority" in html
    assert "demo.requester@example.org" not in html and "Demo requester" not in html
    assert EngagementRequest.objects.filter(overdue_filter()).count() == 0


def test_status_and_champion_links_signed_before_the_shared_link_module_still_work(settings):
    """Links already in people's inboxes were signed with the engagement salts."""
    old_status = signing.dumps({"r": "REQ-ABC123"}, salt="engagement.status", compress=True)
    old_champion = signing.dumps({"r": 1, "c": 2}, salt="engagement.champion", compress=True)
    assert token_read(purpose=STATUS, token=old_status) == {"r": "REQ-ABC123"}
    assert token_read(purpose=CHAMPION, token=old_champion) == {"r": 1, "c": 2}
    assert token_read(purpose=CHAMPION, token=old_status) is None, "a link serves one purpose"


def test_engagement_links_last_as_long_as_their_settings_say(settings, time_machine):
    settings.ENGAGEMENT_STATUS_LINK_DAYS = 2
    time_machine.move_to(timezone.now(), tick=False)
    token = status_token(reference="REQ-ABC123")
    time_machine.shift(dt.timedelta(days=1))
    assert token_read(purpose=STATUS, token=token) == {"r": "REQ-ABC123"}
    time_machine.shift(dt.timedelta(days=2))
    assert token_read(purpose=STATUS, token=token) is None
