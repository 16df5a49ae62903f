"""The forms' reference lists (themes, organisations, places, audiences) are read from the cache
when a form is sent, and an editor's change to any of them counts at once."""

import pytest

from cms.cache import cached_rows
from cms.editorial.models import Organisation
from intake.forms import GroupApiForm
from intake.models import Audience, Region, UserGroup
from themes.models import Theme

pytestmark = pytest.mark.django_db


def _form(group_post, **changes):
    return GroupApiForm(data={**group_post, **changes})


def test_a_sent_form_looks_its_choices_up_without_queries_once_they_are_cached(
    group_post, django_assert_num_queries
):
    assert _form(group_post).is_valid()
    with django_assert_num_queries(0):
        form = _form(group_post)
        form.is_valid()
    cleaned = form.cleaned_data
    assert [t.slug for t in cleaned["themes"]] == [
        t.slug for t in Theme.objects.filter(slug__in=group_post["themes"])
    ]
    assert cleaned["administering_body"].slug == "dft"
    assert sorted(o.slug for o in cleaned["producing_organisations"]) == ["dft", "ons"]
    assert {r.slug for r in cleaned["regions"]} == {"england", "wales"}


def test_an_organisation_added_by_an_editor_can_be_chosen_at_once(group_post):
    assert _form(group_post).is_valid()
    Organisation.objects.create(name="Office for Ports", abbreviation="OP", slug="office-ports")
    form = _form(group_post, administering_body="office-ports")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["administering_body"].name == "Office for Ports"


@pytest.mark.parametrize(
    ("model", "field", "slug"),
    [
        (Theme, "themes", "travel-to-work"),
        (Region, "regions", "wales"),
        (Audience, "audiences", "local-government"),
    ],
)
def test_a_choice_an_editor_removed_is_refused_at_once(group_post, model, field, slug):
    assert _form(group_post).is_valid()
    UserGroup.objects.all().delete()
    model.objects.filter(slug=slug).delete()
    form = _form(group_post)
    assert not form.is_valid()
    assert field in form.errors


def test_a_renamed_theme_is_cleaned_under_its_new_name(group_post):
    assert _form(group_post).is_valid()
    Theme.objects.filter(slug="travel-to-work").update(name="Commuting")  # no signal: stale
    Theme.objects.get(slug="regional-accounts").save()  # any saved theme renews the list
    form = _form(group_post)
    assert form.is_valid()
    assert "Commuting" in {t.name for t in form.cleaned_data["themes"]}


def test_a_model_nobody_watches_is_read_every_time(django_assert_num_queries):
    with django_assert_num_queries(2):
        cached_rows(UserGroup, "names", lambda: list(UserGroup.objects.all()))
        cached_rows(UserGroup, "names", lambda: list(UserGroup.objects.all()))


def test_without_the_cache_the_choices_come_from_the_database(group_post, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    form = _form(group_post)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["administering_body"].slug == "dft"
