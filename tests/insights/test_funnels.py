"""Registration and join funnels by week, counted from the records of each registration."""

import datetime as dt

from django.db import DatabaseError, connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms.insights.filters import InsightsScope
from cms.insights.models import FormViewCount
from cms.insights.selectors import insights_join_funnel, insights_registration_funnel
from intake.models import Membership, UserGroup
from intake.services import group_approve
from tests.cms.helpers import assert_queries_do_not_grow
from tests.insights.bulk import grow
from tests.insights.conftest import NOW
from tests.intake.factories import MembershipFactory, UserGroupFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db

MONDAY = timezone.localtime(NOW).date() - dt.timedelta(days=timezone.localtime(NOW).weekday())
WEEK_BEFORE = MONDAY - dt.timedelta(days=7)
ONE_DAY = dt.timedelta(days=1)


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
    FormViewCount.objects.create(form="group_register", viewed_on=MONDAY, views=4)
    FormViewCount.objects.create(form="group_register", viewed_on=MONDAY + ONE_DAY, views=2)
    FormViewCount.objects.create(
        form="group_register", viewed_on=WEEK_BEFORE - 7 * ONE_DAY, views=5
    )
    UserGroupFactory(  # imported from the audit: never through the form, not in the funnel
        created_at=at(MONDAY), imported_at=at(MONDAY), status=UserGroup.Status.PENDING
    )
    funnel = insights_registration_funnel(scope=InsightsScope())
    assert funnel.steps == ["Form viewed", "Sent", "Email confirmed", "Approved"]
    assert funnel.weeks == [
        {"week": WEEK_BEFORE - 7 * ONE_DAY, "counts": [5, 0, 0, 0]},
        {"week": WEEK_BEFORE, "counts": [0, 1, 1, 0]},
        {"week": MONDAY, "counts": [6, 3, 2, 1]},
    ]
    views = FormViewCount.objects.aggregate(total=Sum("views"))["total"]
    sent = UserGroup.objects.filter(imported_at__isnull=True).count()
    assert funnel.totals == [views, sent, 3, 1] == [11, 4, 3, 1]
    assert funnel.drop_off[1] == pytest.approx(100 * 7 / 11)
    assert funnel.drop_off[2] == pytest.approx(25.0)
    assert funnel.drop_off[3] == pytest.approx(100 * 2 / 3)


def test_registration_funnel_by_theme_and_date(registrations):
    FormViewCount.objects.create(form="group_register", viewed_on=WEEK_BEFORE, views=9)
    FormViewCount.objects.create(form="group_register", viewed_on=MONDAY, views=7)
    housing = Theme.objects.get(slug="housing")
    by_theme = insights_registration_funnel(scope=InsightsScope(theme_id=housing.id))
    # Views carry no theme: narrowed to one, the funnel starts at "sent".
    assert by_theme.steps == ["Sent", "Email confirmed", "Approved"]
    assert by_theme.totals == [1, 1, 0]
    this_week = InsightsScope(date_from=MONDAY)
    assert insights_registration_funnel(scope=this_week).totals == [7, 3, 2, 1]
    last_week = InsightsScope(date_from=WEEK_BEFORE, date_to=WEEK_BEFORE + 6 * ONE_DAY)
    assert insights_registration_funnel(scope=last_week).totals == [9, 1, 1, 0]


BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


def views_today():
    row = FormViewCount.objects.filter(form="group_register", viewed_on=timezone.localdate())
    return row.values_list("views", flat=True).first() or 0


def test_opening_the_registration_form_is_counted_once_a_view_and_nothing_else(client):
    for _ in range(3):
        assert client.get("/groups/register/", HTTP_USER_AGENT=BROWSER).status_code == 200
    assert views_today() == 3
    # Not people opening the form: a HEAD, crawlers, scripts, no User-Agent at all, and the
    # form sent back (a POST, even one that fails).
    client.head("/groups/register/", HTTP_USER_AGENT=BROWSER)
    client.get("/groups/register/", HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    client.get("/groups/register/", HTTP_USER_AGENT="curl/8.5.0")
    client.get("/groups/register/")
    client.post("/groups/register/", {"name": ""}, HTTP_USER_AGENT=BROWSER)
    assert views_today() == 3
    assert FormViewCount.objects.count() == 1
    # A count a day and nothing more: no address, agent or session is kept.
    assert {f.name for f in FormViewCount._meta.get_fields()} == {
        "id",
        "form",
        "viewed_on",
        "views",
    }
    funnel = insights_registration_funnel(scope=InsightsScope(date_from=timezone.localdate()))
    assert funnel.totals[0] == 3


def test_a_count_that_cannot_be_written_never_fails_the_page(client):
    def refuse_the_counter(execute, sql, params, many, context):
        if "insights_formviewcount" in sql:
            raise DatabaseError("the counter table is unavailable")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_the_counter):
        response = client.get("/groups/register/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200 and "Register" in response.content.decode()
    assert views_today() == 0
    client.get("/groups/register/", HTTP_USER_AGENT=BROWSER)  # the database is back
    assert views_today() == 1


def test_a_view_is_one_statement(client):
    client.get("/groups/register/", HTTP_USER_AGENT=BROWSER)
    with CaptureQueriesContext(connection) as counted:
        client.get("/groups/register/", HTTP_USER_AGENT=BROWSER)
    writes = [q["sql"] for q in counted if "insights_formviewcount" in q["sql"]]
    assert len(writes) == 1 and "ON CONFLICT" in writes[0]
    assert views_today() == 2


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
    assert "Registrations by week sent" in body and "Form viewed" in body
    assert "Did not go on from the step before (%)" in body and "66.7" in body
    assert "white bars with a black outline" in body
    assert_queries_do_not_grow(
        add_items=grow, request=lambda: editor_client.get("/admin/insights/funnels/"), large=500
    )
