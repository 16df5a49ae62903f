"""Following themes and groups over real HTTP: double opt-in, the digest, one-click
unsubscribe, the manage link and the personal-data registry."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest

from intake.alerts.models import Follower
from intake.alerts.services import alerts_send
from intake.privacy.purge import personal_data_purge
from intake.privacy.registry import personal_data_collect, personal_data_erase
from intake.submissions.models import OutboundEmail
from tests.forms import emails_to, links_in, rendering
from tests.intake.factories import UserGroupFactory
from tests.meetings.factories import MeetingFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db


def _follow(client, post, capture, path="/follow/") -> Follower:
    """Ask (on a rendering of the form of its own), then confirm through the emailed link (a
    page with a button, then a POST)."""
    with capture(execute=True):
        response = client.post(path, {**post, **rendering()})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/follow/sent/"
    message = emails_to(post["email"].lower())[-1]
    assert message.subject == "Confirm your email address to get alerts"
    (confirm,) = links_in(message, containing="/follow/confirm/")
    follower = Follower.objects.get(email=post["email"].lower())
    before = (follower.status, set(follower.themes.all()), set(follower.groups.all()))
    page = client.get(confirm)
    assert "Confirm email address" in page.content.decode()
    follower.refresh_from_db()
    # Opening the link (as mail scanners do) changes nothing.
    assert (follower.status, set(follower.themes.all()), set(follower.groups.all())) == before
    done = client.post(confirm)
    assert "Your alerts are set up" in done.content.decode()
    follower.refresh_from_db()
    assert follower.status == Follower.Status.ACTIVE
    return follower


def _send(capture, frequency="weekly", **kwargs) -> list:
    before = len(mail.outbox)
    with capture(execute=True):
        alerts_send(frequency=frequency, **kwargs)
    return mail.outbox[before:]


class TestFollowing:
    def test_parent_theme_follower_gets_one_digest_naming_a_new_child_theme_group(
        self, client, follow_post, django_capture_on_commit_callbacks
    ):
        capture = django_capture_on_commit_callbacks
        follower = _follow(client, follow_post, capture)
        assert list(follower.themes.values_list("slug", flat=True)) == [
            "business-industry-and-trade"
        ]
        child = Theme.objects.get(slug="construction-industry")
        assert child.parent.slug == "business-industry-and-trade"
        UserGroupFactory(name="Builders' statistics forum", themes=[child])
        UserGroupFactory(name="Commuters' forum", themes=[Theme.objects.get(slug="travel-to-work")])

        sent = _send(capture)
        assert len(sent) == 1
        digest = sent[0]
        assert digest.to == ["reader@example.org"]
        assert digest.subject == "Your weekly digest: 1 new item"
        assert "Builders' statistics forum" in digest.body
        assert "Commuters' forum" not in digest.body
        unsubscribe = digest.extra_headers["List-Unsubscribe"]
        assert unsubscribe.startswith("<http://testserver/follow/unsubscribe/")
        assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert links_in(digest, containing="/follow/manage/")
        # The header survives the outbox.
        stored = OutboundEmail.objects.get(template="alerts/digest")
        assert stored.headers["List-Unsubscribe"] == unsubscribe

        # Nothing new: nothing sent. The same news is never sent twice.
        assert _send(capture) == []

        # One click from the mail program unsubscribes; nothing is sent afterwards.
        response = client.post(
            unsubscribe.strip("<>").removeprefix("http://testserver"),
            {"List-Unsubscribe": "One-Click"},
        )
        assert response.status_code == 200
        follower.refresh_from_db()
        assert follower.status == Follower.Status.UNSUBSCRIBED
        UserGroupFactory(name="Another builders' forum", themes=[child])
        assert _send(capture) == []

    def test_group_follower_hears_about_its_new_meeting_as_it_happens(
        self, client, follow_post, django_capture_on_commit_callbacks
    ):
        group = UserGroupFactory(name="Orchard statistics forum")
        post = {
            **follow_post,
            "themes": [],
            "groups": [group.slug],
            "from_group": group.slug,
            "frequency": "immediate",
        }
        form = client.get(f"/follow/?group={group.slug}").content.decode()
        assert "Orchard statistics forum" in form
        assert re.search(rf'name="from_group"[^>]*value="{group.slug}"', form)
        assert "We keep your details for 1 month after you unsubscribe" in form
        _follow(client, post, django_capture_on_commit_callbacks)
        MeetingFactory(group=group, title="Harvest meeting")
        assert _send(django_capture_on_commit_callbacks, frequency="weekly") == []
        sent = _send(django_capture_on_commit_callbacks, frequency="immediate")
        assert len(sent) == 1
        assert "Harvest meeting" in sent[0].body
        assert sent[0].subject == "1 new item under what you follow"

    def test_news_from_before_confirming_is_not_sent(
        self, client, follow_post, django_capture_on_commit_callbacks
    ):
        UserGroupFactory(themes=[Theme.objects.get(slug="construction-industry")])
        _follow(client, follow_post, django_capture_on_commit_callbacks)
        assert _send(django_capture_on_commit_callbacks) == []

    def test_unconfirmed_followers_get_nothing(self, client, follow_post):
        client.post("/follow/", follow_post)
        UserGroupFactory(themes=[Theme.objects.get(slug="construction-industry")])
        assert alerts_send(frequency="weekly") == {"followers": 0, "emails": 0}

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"themes": []}, "Select at least one theme or group to follow."),
            ({"themes": ["no-such-theme"]}, "Select themes from the list."),
            ({"email": "not-an-email"}, "Enter an email address in the correct format"),
            ({"frequency": "hourly"}, "Select how often you want to hear from us."),
            ({"consent": ""}, "Confirm you agree to us storing these details"),
            ({"email": "a\x00b@example.org"}, "must not include hidden characters"),
        ],
    )
    def test_bad_input_is_explained_and_changes_nothing(
        self, client, follow_post, changes, message
    ):
        response = client.post("/follow/", {**follow_post, **changes})
        assert response.status_code == 200
        page = response.content.decode()
        assert "govuk-error-summary" in page and message in page
        assert not Follower.objects.exists()
        assert mail.outbox == []

    def test_same_address_again_adds_choices_only_when_confirmed(
        self, client, follow_post, django_capture_on_commit_callbacks
    ):
        follower = _follow(client, follow_post, django_capture_on_commit_callbacks)
        client.post("/follow/", {**follow_post, **rendering(), "themes": ["travel-to-work"]})
        assert set(follower.themes.values_list("slug", flat=True)) == {
            "business-industry-and-trade"
        }
        _follow(
            client,
            {**follow_post, "themes": ["travel-to-work"]},
            django_capture_on_commit_callbacks,
        )
        assert set(follower.themes.values_list("slug", flat=True)) == {
            "business-industry-and-trade",
            "travel-to-work",
        }
        assert Follower.objects.count() == 1

    def test_forged_links_do_nothing(self, client):
        for path in (
            "/follow/confirm/forged/",
            "/follow/manage/forged/",
            "/follow/unsubscribe/forged/",
        ):
            assert client.get(path).status_code == 404
            assert client.post(path).status_code == 404


class TestManageLink:
    def test_change_frequency_and_themes(
        self, client, follow_post, django_capture_on_commit_callbacks
    ):
        follower = _follow(client, follow_post, django_capture_on_commit_callbacks)
        UserGroupFactory(themes=[Theme.objects.get(slug="construction-industry")])
        follower.last_sent_at = timezone.now() - timedelta(days=1)
        follower.save()
        digest = _send(django_capture_on_commit_callbacks)
        (manage,) = links_in(digest[0], containing="/follow/manage/")
        page = client.get(manage).content.decode()
        assert "Manage your alerts" in page
        response = client.post(manage, {"themes": ["travel-to-work"], "frequency": "immediate"})
        assert "Your alerts are saved." in response.content.decode()
        follower.refresh_from_db()
        assert follower.frequency == "immediate"
        assert list(follower.themes.values_list("slug", flat=True)) == ["travel-to-work"]
        bad = client.post(manage, {"themes": [], "frequency": "immediate"})
        assert "Select at least one theme or group to follow." in bad.content.decode()
        assert follower.themes.count() == 1


class TestPersonalData:
    def test_export_erase_and_retention(
        self, client, follow_post, django_capture_on_commit_callbacks
    ):
        _follow(client, follow_post, django_capture_on_commit_callbacks)
        found = personal_data_collect(email="READER@example.org")
        assert found["alert_followers"][0]["email"] == "reader@example.org"
        assert found["alert_followers"][0]["status"] == "active"
        personal_data_erase(email="reader@example.org")
        assert not Follower.objects.exists()

    def test_purge_removes_the_unsubscribed_and_unconfirmed_after_30_days(
        self, client, follow_post
    ):
        client.post("/follow/", follow_post)
        gone = Follower.objects.get()
        report = personal_data_purge(now=timezone.now() + timedelta(days=29))
        assert report["alert_followers"]["count"] == 0
        report = personal_data_purge(now=timezone.now() + timedelta(days=31))
        assert report["alert_followers"]["count"] == 1
        assert not Follower.objects.filter(pk=gone.pk).exists()


def test_one_click_unsubscribe_works_without_a_csrf_token(
    client, follow_post, django_capture_on_commit_callbacks
):
    """Mail programs POST to the List-Unsubscribe address with no cookie or token (RFC 8058)."""
    from django.test import Client

    from intake.alerts.tokens import unsubscribe_link

    follower = _follow(client, follow_post, django_capture_on_commit_callbacks)
    mail_program = Client(enforce_csrf_checks=True)
    path = unsubscribe_link(public_id=follower.public_id).removeprefix("http://testserver")
    response = mail_program.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert response.content == b"You are unsubscribed."
    follower.refresh_from_db()
    assert follower.status == Follower.Status.UNSUBSCRIBED
    # Twice is fine, and the person's own button says so too.
    page = mail_program.post(path)
    assert "You are unsubscribed" in page.content.decode()


def test_send_alerts_command_reports_progress(
    client, follow_post, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    follower = _follow(client, follow_post, django_capture_on_commit_callbacks)
    Follower.objects.filter(pk=follower.pk).update(last_sent_at=timezone.now() - timedelta(days=1))
    UserGroupFactory(name="Quarry statistics forum", themes=[Theme.objects.get(slug="business")])
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_alerts", "--frequency", "weekly", stdout=out)
    assert "1 of 1 followers" in out.getvalue()
    assert "Followers: 1, emails queued: 1" in out.getvalue()
    assert "Quarry statistics forum" in emails_to("reader@example.org")[-1].body


class TestAsItHappens:
    """Immediate alerts are queued by the news itself, on the task backend, not by a poll."""

    def _immediate_follower(self, client, follow_post, capture):
        return _follow(client, {**follow_post, "frequency": "immediate"}, capture)

    def test_approving_a_group_in_a_followed_theme_sends_the_email_at_once(
        self, client, admin_client, follow_post, django_capture_on_commit_callbacks
    ):
        capture = django_capture_on_commit_callbacks
        self._immediate_follower(client, follow_post, capture)
        weekly = _follow(
            client, {**follow_post, "email": "weekly@example.org"}, capture
        )  # a weekly follower of the same theme hears nothing until the digest
        group = UserGroupFactory(
            name="Quarry statistics users",
            status="pending",
            last_confirmed_at=None,
            themes=[Theme.objects.get(slug="construction-industry")],
        )
        before = len(mail.outbox)
        with capture(execute=True):
            response = admin_client.post(
                f"/admin/intake/usergroup/decide/{group.pk}/approve/", {"reason": ""}
            )
        assert response.status_code == 302
        alerts = [m for m in mail.outbox[before:] if m.subject.endswith("under what you follow")]
        (alert,) = alerts  # no send_alerts run: the approval queued it
        assert alert.to == ["reader@example.org"]
        assert "Quarry statistics users" in alert.body
        assert weekly.email not in [address for m in mail.outbox[before:] for address in m.to]
        # The catch-up run finds nothing left to send.
        assert _send(capture, frequency="immediate") == []

    def test_adding_a_meeting_sends_at_once(
        self, client, follow_post, django_capture_on_commit_callbacks
    ):
        from intake.meetings.services import meeting_create

        capture = django_capture_on_commit_callbacks
        group = UserGroupFactory(name="Slate forum")
        self._immediate_follower(
            client,
            {**follow_post, "themes": [], "groups": [group.slug], "from_group": group.slug},
            capture,
        )
        before = len(mail.outbox)
        soon = timezone.now() + timedelta(days=5)
        with capture(execute=True):
            meeting_create(
                group_id=group.pk,
                data={
                    "title": "Slate autumn meeting",
                    "starts_at": soon,
                    "ends_at": soon + timedelta(hours=1),
                    "format": "online",
                    "joining_instructions": "https://meet.example/slate",
                },
            )
        (alert,) = [m for m in mail.outbox[before:] if "Slate autumn meeting" in m.body]
        assert alert.to == ["reader@example.org"]
