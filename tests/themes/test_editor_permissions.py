"""The hub team's editors run the theme taxonomy and the search vocabulary in the admin, through
model permissions granted to the Editors group (an administrator can move them elsewhere)."""

from django.contrib.auth.models import Group

import pytest

from search.models import Synonym
from themes.models import Theme

pytestmark = pytest.mark.django_db

SYNONYMS = "/admin/snippets/hub_search/synonym/"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("taxonomy-editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_the_editors_group_holds_the_taxonomy_and_vocabulary_permissions():
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_theme", "change_theme", "add_synonym", "change_synonym", "delete_synonym"} <= (
        codenames
    )
    assert "delete_theme" not in codenames  # deleting a theme stays with moderators


def test_an_editor_renames_a_theme_in_the_admin(client, editor):
    theme = Theme.objects.get(slug="economy")
    edit_url = f"/admin/snippets/themes/theme/edit/{theme.pk}/"
    page = client.get(edit_url)
    assert page.status_code == 200
    assert b'name="name"' in page.content
    data = {
        "name": "Economy and money",
        "slug": theme.slug,
        "description": theme.description,
        "sort_order": theme.sort_order,
        "parent": "",
    }
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    theme.refresh_from_db()
    assert theme.name == "Economy and money"


def test_an_editor_adds_and_deletes_a_synonym(client, editor):
    response = client.post(SYNONYMS + "add/", {"term": "fishing", "alternatives": "angling"})
    assert response.status_code == 302
    synonym = Synonym.objects.get(term="fishing")
    assert client.post(SYNONYMS + f"delete/{synonym.pk}/").status_code == 302
    assert not Synonym.objects.filter(term="fishing").exists()


def test_without_the_permission_the_admin_refuses(client, django_user_model):
    user = django_user_model.objects.create_user("no-taxonomy", password="x")
    editors = Group.objects.get(name="Editors")
    plain = Group.objects.create(name="Page editors only")
    plain.permissions.set(
        editors.permissions.exclude(content_type__app_label__in=["themes", "hub_search"])
    )
    user.groups.add(plain)
    client.force_login(user)
    theme = Theme.objects.get(slug="economy")
    response = client.get(f"/admin/snippets/themes/theme/edit/{theme.pk}/")
    assert response.status_code in (302, 403)
    assert client.post(SYNONYMS + "add/", {"term": "x", "alternatives": "y"}).status_code in (
        302,
        403,
    )
    assert not Synonym.objects.filter(term="x").exists()
