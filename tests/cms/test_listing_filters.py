"""The case-study index and champions directory: GET filters and GOV.UK pagination."""

import re

import pytest

from cms.editorial.models import Organisation
from tests.cms.factories import CaseStudyPageFactory, ChampionFactory, OrganisationFactory
from tests.themes.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(
        r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="[^"]+">([^<]+)</a>',
        response.content.decode(),
    )


@pytest.fixture
def theme_tree():
    parent = ThemeFactory(name="Labour parent")
    child = ThemeFactory(name="Labour child", parent=parent)
    grandchild = ThemeFactory(name="Labour grandchild", parent=child)
    other = ThemeFactory(name="Unrelated theme")
    return parent, child, grandchild, other


class TestCaseStudyFilters:
    def test_theme_filter_includes_child_themes(self, client, case_study_index, theme_tree):
        parent, child, grandchild, other = theme_tree
        CaseStudyPageFactory(parent=case_study_index, title="On parent", themes=[parent])
        CaseStudyPageFactory(parent=case_study_index, title="On grandchild", themes=[grandchild])
        CaseStudyPageFactory(parent=case_study_index, title="On other", themes=[other])

        assert sorted(titles(client.get(case_study_index.url, {"theme": parent.slug}))) == [
            "On grandchild",
            "On parent",
        ]
        assert titles(client.get(case_study_index.url, {"theme": child.slug})) == ["On grandchild"]

    def test_goal_filter_and_combined_filters(self, client, case_study_index, theme_tree):
        parent, *_ = theme_tree
        CaseStudyPageFactory(
            parent=case_study_index, title="Collab on theme", themes=[parent], goals=["collaborate"]
        )
        CaseStudyPageFactory(parent=case_study_index, title="Culture", goals=["strengthen_culture"])
        CaseStudyPageFactory(
            parent=case_study_index, title="Collab elsewhere", goals=["collaborate"]
        )

        assert sorted(titles(client.get(case_study_index.url, {"goal": "collaborate"}))) == [
            "Collab elsewhere",
            "Collab on theme",
        ]
        both = client.get(case_study_index.url, {"goal": "collaborate", "theme": parent.slug})
        assert titles(both) == ["Collab on theme"]
        assert "Clear filters" in both.content.decode()

    def test_a_study_with_two_matching_themes_is_listed_once(
        self, client, case_study_index, theme_tree
    ):
        parent, child, grandchild, _ = theme_tree
        CaseStudyPageFactory(parent=case_study_index, title="Twice", themes=[child, grandchild])
        response = client.get(case_study_index.url, {"theme": parent.slug})
        assert titles(response) == ["Twice"]
        assert "1 case study" in response.content.decode()

    def test_unknown_filter_values_are_ignored(self, client, case_study_index):
        CaseStudyPageFactory(parent=case_study_index, title="Any study")
        response = client.get(case_study_index.url, {"theme": "no-such-theme", "goal": "nope"})
        assert response.status_code == 200
        assert titles(response) == ["Any study"]
        assert "govuk-error-message" not in response.content.decode()

    def test_filter_form_is_a_labelled_get_form(self, client, case_study_index):
        body = client.get(case_study_index.url).content.decode()
        assert re.search(r'<form method="get" action="/[^"]*case-studies/"', body)
        assert '<label for="id_theme" class="govuk-label">' in body
        assert '<label for="id_goal" class="govuk-label">' in body
        assert '<select name="theme" class="govuk-select" id="id_theme">' in body
        assert 'name="csrfmiddlewaretoken"' not in body

    def test_pagination_keeps_filters_and_shows_ten_a_page(self, client, case_study_index):
        for number in range(23):
            CaseStudyPageFactory(
                parent=case_study_index, title=f"Study {number:02d}", goals=["collaborate"]
            )
        first = client.get(case_study_index.url, {"goal": "collaborate"})
        body = first.content.decode()
        assert len(titles(first)) == 10
        assert 'class="govuk-pagination"' in body
        assert 'href="?goal=collaborate&amp;page=2" rel="next"' in body
        assert 'aria-current="page"' in body
        assert "Showing 1 to 10" in body

        last = client.get(case_study_index.url, {"goal": "collaborate", "page": 3})
        assert len(titles(last)) == 3
        assert 'rel="prev"' in last.content.decode()
        assert 'rel="next"' not in last.content.decode()

        # Out-of-range and malformed page numbers give the nearest page, not an error.
        assert len(titles(client.get(case_study_index.url, {"page": 99}))) == 3
        assert len(titles(client.get(case_study_index.url, {"page": "x"}))) == 10

    def test_newest_first(self, client, case_study_index):
        from datetime import timedelta

        from django.utils import timezone

        now = timezone.now()
        CaseStudyPageFactory(
            parent=case_study_index, title="Old", first_published_at=now - timedelta(days=9)
        )
        CaseStudyPageFactory(parent=case_study_index, title="New", first_published_at=now)
        assert titles(client.get(case_study_index.url)) == ["New", "Old"]


class TestChampionFilters:
    def test_filter_by_organisation_and_theme(self, client, champions_page, theme_tree):
        parent, child, _, other = theme_tree
        ons = OrganisationFactory(name="Office for Test Statistics")
        dfe = OrganisationFactory(name="Department for Test Education")
        ChampionFactory(name="Asha ONS child", organisation=ons, themes=[child])
        ChampionFactory(name="Ben ONS other", organisation=ons, themes=[other])
        ChampionFactory(name="Cara DfE parent", organisation=dfe, themes=[parent])

        def names(**params):
            body = client.get(champions_page.url, params).content.decode()
            return re.findall(r'<h3 class="govuk-heading-s[^"]*">([^<]+)</h3>', body)

        assert names(organisation=ons.slug) == ["Asha ONS child", "Ben ONS other"]
        assert names(theme=parent.slug) == ["Cara DfE parent", "Asha ONS child"]
        assert names(organisation=ons.slug, theme=parent.slug) == ["Asha ONS child"]

    def test_organisation_choices_are_only_those_with_listed_champions(
        self, client, champions_page
    ):
        listed = OrganisationFactory(name="Has champions")
        hidden = OrganisationFactory(name="Only unlisted")
        ChampionFactory(organisation=listed)
        ChampionFactory(organisation=hidden, is_listed=False)
        body = client.get(champions_page.url).content.decode()
        assert f'value="{listed.slug}">Has champions' in body
        assert "Only unlisted" not in body
        assert Organisation.objects.filter(name="Only unlisted").exists()

    def test_pagination(self, client, champions_page):
        ChampionFactory.create_batch(30)
        body = client.get(champions_page.url).content.decode()
        assert "30 champions" in body
        assert "Showing 1 to 24" in body
        assert 'href="?page=2"' in body
