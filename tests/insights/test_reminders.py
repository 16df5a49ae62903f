"""Champions are reminded of requests waiting past their deadline, one email a day at most."""

import datetime as dt
import re
from urllib.parse import urlsplit

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.insights.models import OverdueReminder
from cms.insights.services import overdue_reminders_send
from intake.engagement.models import EngagementRequest
from tests.engagement.factories import ChampionFactory, EngagementRequestFactory, organisation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(9)))


@pytest.fixture
def overdue_register():
    ons, dwp = organisation("ons"), organisation("dwp")
    champion = ChampionFactory(organisation=ons, name="Ada Champion", email="ada@ons.example")
    ChampionFactory(organisation=ons, email="hidden@ons.example", is_listed=False)
    ChampionFactory(organisation=dwp, email="dwp@dwp.example")
    late = EngagementRequestFactory(organisation=ons, created_at=days_ago(20))
    later = EngagementRequestFactory(organisation=ons, created_at=days_ago(15))
    EngagementRequestFactory(organisation=ons, created_at=days_ago(0))  # not due yet
    EngagementRequestFactory(  # acknowledged: not overdue
        organisation=ons,
        created_at=days_ago(30),
        status=EngagementRequest.Status.ACKNOWLEDGED,
        acknowledged_at=days_ago(29),
    )
    EngagementRequestFactory(organisation=organisation("moj"), created_at=days_ago(20))
    return champion, late, later


def test_each_listed_champion_gets_one_reminder_listing_the_overdue_requests(
    overdue_register, django_capture_on_commit_callbacks, client
):
    champion, late, later = overdue_register
    with django_capture_on_commit_callbacks(execute=True):
        result = overdue_reminders_send(today=TODAY)
    assert result == {"overdue": 3, "sent": 1, "already_reminded": 0, "without_champion": 1}
    (message,) = mail.outbox
    assert message.to == ["ada@ons.example"]
    assert message.subject == (
        "2 engagement requests for Office for National Statistics waiting past the deadline"
    )
    assert late.reference in message.body and later.reference in message.body
    assert message.body.index(late.reference) < message.body.index(later.reference)
    # Each request's own link lets the champion handle it, without an account.
    links = re.findall(r"https?://\S+/request-engagement/handle/\S+/", message.body)
    assert len(links) == 2
    page = client.get(urlsplit(links[0]).path)
    assert page.status_code == 200 and late.reference in page.content.decode()
    assert OverdueReminder.objects.get().request_count == 2
    assert champion.id == OverdueReminder.objects.get().champion_id


def test_running_again_the_same_day_sends_nothing_the_next_day_reminds_again(
    overdue_register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        overdue_reminders_send(today=TODAY)
        again = overdue_reminders_send(today=TODAY)
    assert again["sent"] == 0 and again["already_reminded"] == 1
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        tomorrow = overdue_reminders_send(today=TODAY + dt.timedelta(days=1))
    assert tomorrow["sent"] == 1 and len(mail.outbox) == 2


def test_the_command_reports_what_it_did(overdue_register, capsys):
    call_command("remind_overdue_requests")
    out = capsys.readouterr().out
    assert "champion 1 of 1" in out
    assert "3 overdue request(s); 1 reminder(s) sent" in out
    call_command("remind_overdue_requests")
    assert "0 reminder(s) sent, 1 champion(s) already reminded today" in capsys.readouterr().out


def test_nothing_overdue_sends_nothing(db, django_capture_on_commit_callbacks):
    ChampionFactory()
    EngagementRequestFactory(created_at=days_ago(0))
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_reminders_send(today=TODAY)["sent"] == 0
    assert mail.outbox == []
