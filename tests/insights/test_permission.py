"""The Insights area is for those given the permission: the hub team's Editors group has it."""

from django.contrib.auth.models import Group, Permission

import pytest

from cms.insights.views import SECTIONS

pytestmark = pytest.mark.django_db

URLS = [
    "/admin/insights/coverage/",
    "/admin/insights/health/",
    "/admin/insights/search/",
    "/admin/insights/organisations/",
    "/admin/insights/funnels/",
    "/admin/insights/deadlines/",
]


def admin_user(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username=username, password="pw-insights-2")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def test_every_view_is_listed():
    assert len(SECTIONS) == len(URLS)


def test_the_editors_group_is_given_the_permission():
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(content_type__app_label="insights", codename="view_insights")
    moderators = Group.objects.get(name="Moderators")
    assert not moderators.permissions.filter(codename="view_insights").exists()


def test_an_editor_sees_the_menu_and_every_view(client, django_user_model):
    client.force_login(admin_user(django_user_model, "insights-reader", "Editors"))
    home = client.get("/admin/").content.decode()
    assert "Insights" in home and "/admin/insights/coverage/" in home
    for url in URLS:
        assert client.get(url).status_code == 200, url
        csv = client.get(url, {"format": "csv"})
        assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv"), url


def test_without_the_permission_the_menu_is_hidden_and_every_view_is_forbidden(
    client, django_user_model
):
    client.force_login(admin_user(django_user_model, "moderator-only", "Moderators"))
    home = client.get("/admin/")
    assert home.status_code == 200
    assert "/admin/insights/" not in home.content.decode()
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You cannot see the insights" in response.content.decode()
        assert "Coverage by theme" not in response.content.decode()
        assert client.get(url, {"format": "csv"}).status_code == 403, url


def test_the_permission_alone_opens_them(client, django_user_model):
    user = admin_user(django_user_model, "analyst")
    user.user_permissions.add(Permission.objects.get(codename="view_insights"))
    client.force_login(user)
    assert "/admin/insights/coverage/" in client.get("/admin/").content.decode()
    assert client.get(URLS[0]).status_code == 200


def test_signed_out_is_sent_to_sign_in(client):
    response = client.get(URLS[0])
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
