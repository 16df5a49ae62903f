"""Editors with the personal-data permission see who follows what, and can delete a follower;
other editors see nothing of them."""

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

import pytest

from intake.alerts.models import Follower
from intake.privacy.models import PersonalDataAction
from intake.privacy.registry import personal_data_collect
from tests.intake.factories import UserGroupFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db

LIST = "/admin/alerts/follower/"


def follower(email, *, status=Follower.Status.ACTIVE, frequency="weekly", themes=(), groups=()):
    now = timezone.now()
    made = Follower.objects.create(
        email=email,
        status=status,
        frequency=frequency,
        consent_given_at=now,
        privacy_notice_version="2026-01",
        confirmed_at=now if status == Follower.Status.ACTIVE else None,
    )
    made.themes.set(Theme.objects.filter(slug__in=themes))
    made.groups.set(groups)
    return made


@pytest.fixture
def followers():
    group = UserGroupFactory(name="Rural transport forum")
    return [
        follower("ada@example.org", themes=["housing", "economy"]),
        follower(
            "grace@example.org",
            status=Follower.Status.UNCONFIRMED,
            frequency="immediate",
            groups=[group],
        ),
    ]


def editor(django_user_model, username, *, personal_data: bool):
    user = django_user_model.objects.create_user(username=username, password="pw-followers")
    user.groups.add(Group.objects.get(name="Editors"))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if personal_data:
        user.user_permissions.add(Permission.objects.get(codename="manage_personal_data"))
    return user


def test_an_editor_without_the_personal_data_permission_sees_no_followers(
    client, django_user_model, followers
):
    client.force_login(editor(django_user_model, "plain-editor", personal_data=False))
    assert LIST not in client.get("/admin/").content.decode()
    for url in (LIST, f"{LIST}inspect/{followers[0].pk}/", f"{LIST}delete/{followers[0].pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "ada@example.org" not in response.content.decode()
    client.post(f"{LIST}delete/{followers[0].pk}/")
    assert Follower.objects.count() == 2


def test_with_it_the_list_shows_who_follows_what_and_how_often(
    client, django_user_model, followers
):
    client.force_login(editor(django_user_model, "data-officer", personal_data=True))
    assert LIST in client.get("/admin/").content.decode()
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "ada@example.org" in body and "grace@example.org" in body
    assert "Following" in body and "Email not confirmed" in body
    assert "Once a week" in body and "As it happens" in body
    assert "Themes: Economy, Housing" in body and "Groups: Rural transport forum" in body
    assert "Add follower" not in body  # nobody adds one by hand
    found = client.get(LIST, {"q": "grace"}).content.decode()
    assert "grace@example.org" in found and "ada@example.org" not in found
    unconfirmed = client.get(LIST, {"status": "unconfirmed"}).content.decode()
    assert "grace@example.org" in unconfirmed and "ada@example.org" not in unconfirmed
    record = client.get(f"{LIST}inspect/{followers[0].pk}/").content.decode()
    assert "ada@example.org" in record and "Housing" in record


def test_the_list_reads_a_fixed_number_of_queries(client, django_user_model, followers):
    from tests.cms.helpers import assert_queries_do_not_grow

    client.force_login(editor(django_user_model, "counting-officer", personal_data=True))
    themes = list(Theme.objects.all()[:3])

    def add(n):
        for number in range(n):
            follower(f"reader{Follower.objects.count()}-{number}@example.org").themes.set(themes)

    assert_queries_do_not_grow(add_items=add, request=lambda: client.get(LIST))


def test_deleting_a_follower_removes_them_and_is_recorded_without_the_address(
    client, django_user_model, followers
):
    officer = editor(django_user_model, "deleting-officer", personal_data=True)
    client.force_login(officer)
    ada = followers[0]
    assert client.get(f"{LIST}delete/{ada.pk}/").status_code == 200
    response = client.post(f"{LIST}delete/{ada.pk}/")
    assert response.status_code == 302
    assert list(Follower.objects.values_list("email", flat=True)) == ["grace@example.org"]
    action = PersonalDataAction.objects.get()
    assert action.action == PersonalDataAction.Action.ERASE and action.performed_by == officer
    assert action.summary == {"alert_followers": 1}
    assert "ada@example.org" not in str(action.summary)


def test_a_followers_data_is_in_the_personal_data_export(followers):
    data = personal_data_collect(email="ada@example.org")
    (row,) = data["alert_followers"]
    assert row["email"] == "ada@example.org"
    assert row["status"] == "active" and row["frequency"] == "weekly"
    assert "grace@example.org" not in str(data)
