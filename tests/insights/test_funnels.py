"""Registration and join funnels by week, counted from the records of each registration."""

import datetime as dt

from django.utils import timezone

import pytest

from cms.insights.filters import InsightsScope
from cms.insights.selectors import insights_join_funnel, insights_registration_funnel
from intake.models import Membership, UserGroup
from intake.services import group_approve
from tests.cms.helpers import assert_queries_do_not_grow
from tests.insights.conftest import NOW
from tests.intake.factories import MembershipFactory, UserGroupFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db

MONDAY = timezone.localtime(NOW).date() - dt.timedelta(days=timezone.localtime(NOW).weekday())
WEEK_BEFORE = MONDAY - dt.timedelta(days=7)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(hour)))


@pytest.fixture
def registrations(django_user_model):
    editor = django_user_model.objects.create_superuser("funnel-editor", "e@example.gov.uk", "pw")
    pending = {"status": UserGroup.Status.PENDING, "last_confirmed_at": None}
    # This week: 3 sent, 2 confirmed, 1 approved by an editor.
    UserGroupFactory(created_at=at(MONDAY), email_verified_at=None, **pending)
    UserGroupFactory(created_at=at(MONDAY), **pending)
    approved = UserGroupFactory(created_at=at(MONDAY), **pending)
    group_approve(group_id=approved.id, decided_by=editor)
    # The week before: 1 sent and confirmed, under housing.
    UserGroupFactory(
        created_at=at(WEEK_BEFORE), themes=[Theme.objects.get(slug="housing")], **pending
    )


def test_registration_funnel_by_week(registrations):
    funnel = insights_registration_funnel(scope=InsightsScope())
    assert funnel.steps == ["Sent", "Email confirmed", "Approved"]
    assert funnel.weeks == [
        {"week": WEEK_BEFORE, "counts": [1, 1, 0]},
        {"week": MONDAY, "counts": [3, 2, 1]},
    ]
    assert funnel.totals == [4, 3, 1]
    assert funnel.drop_off[1] == pytest.approx(25.0)
    assert funnel.drop_off[2] == pytest.approx(100 * 2 / 3)


def test_registration_funnel_by_theme_and_date(registrations):
    housing = Theme.objects.get(slug="housing")
    assert insights_registration_funnel(scope=InsightsScope(theme_id=housing.id)).totals == [
        1,
        1,
        0,
    ]
    this_week = InsightsScope(date_from=MONDAY)
    assert insights_registration_funnel(scope=this_week).totals == [3, 2, 1]


def test_join_funnel_by_week(db):
    group = UserGroupFactory()
    for status, confirmed, decided in (
        (Membership.Status.UNCONFIRMED, False, False),
        (Membership.Status.PENDING, True, False),
        (Membership.Status.ACTIVE, True, True),
        (Membership.Status.DECLINED, True, True),
        (Membership.Status.LEFT, True, True),  # was a member, then left
        (Membership.Status.LEFT, False, False),  # withdrew before confirming
    ):
        MembershipFactory(
            group=group,
            status=status,
            created_at=at(MONDAY),
            confirmed_at=at(MONDAY, 11) if confirmed else None,
            decided_at=at(MONDAY, 12) if decided else None,
        )
    funnel = insights_join_funnel(scope=InsightsScope())
    assert funnel.weeks == [{"week": MONDAY, "counts": [6, 4, 2]}]


def test_view_shows_the_tables_and_the_query_count_does_not_grow(registrations, editor_client):
    body = editor_client.get("/admin/insights/funnels/").content.decode()
    assert "Registrations by week sent" in body and "does not record visits" in body
    assert "Did not go on from the step before (%)" in body and "66.7" in body

    def add(n):
        for number in range(n):
            MembershipFactory(created_at=at(MONDAY - dt.timedelta(days=7 * (number % 4))))

    assert_queries_do_not_grow(
        add_items=add, request=lambda: editor_client.get("/admin/insights/funnels/")
    )
