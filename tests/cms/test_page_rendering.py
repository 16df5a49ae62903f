"""Every page type renders with its content, in a number of queries that does not grow."""

import pytest

from cms.editorial.models import StrategyGoal
from tests.cms.factories import (
    CaseStudyPageFactory,
    ChampionFactory,
    OrganisationFactory,
    StandardPageFactory,
    StrategyPageFactory,
    TopTipsPageFactory,
    UpdatePageFactory,
    raw_block,
    tip,
)
from tests.cms.helpers import assert_queries_do_not_grow
from tests.themes.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


class TestHomePage:
    def test_renders_purpose_search_calls_to_action_and_latest_content(
        self, anonymous_client, home_page, case_study_index, update_index
    ):
        home_page.purpose = "<p>One place where producers and users meet.</p>"
        theme = ThemeFactory(name="Labour market test")
        home_page.featured_theme_links.create(theme=theme, sort_order=0)
        home_page.save()
        CaseStudyPageFactory(parent=case_study_index, title="A committee that worked")
        UpdatePageFactory(parent=update_index, title="Strategy update May")

        response = anonymous_client.get(home_page.url)

        body = html(response)
        assert response.status_code == 200
        assert "One place where producers and users meet." in body
        assert 'action="/search/"' in body and 'for="home-search"' in body
        for url in ("/search/", "/groups/register/", "/request-engagement/", "/share-a-success/"):
            assert f'href="{url}"' in body
        assert "Labour market test" in body
        assert "A committee that worked" in body
        assert "Strategy update May" in body

    def test_queries_do_not_grow_with_content(
        self, anonymous_client, home_page, case_study_index, update_index
    ):
        def add(n):
            for _ in range(n):
                CaseStudyPageFactory(parent=case_study_index, themes=[ThemeFactory()])
                UpdatePageFactory(parent=update_index)

        assert_queries_do_not_grow(add_items=add, request=lambda: anonymous_client.get("/"))


class TestStrategyPage:
    def test_renders_vision_goals_deliverables_and_phases(self, anonymous_client, home_page):
        page = StrategyPageFactory(parent=home_page)
        body = html(anonymous_client.get(page.url))
        assert "second nature" in body
        assert 'id="goal-collaborate"' in body
        assert "Champions network" in body
        assert "govuk-tag--green" in body and ">Done<" in body
        assert ">In progress<" in body
        assert "1 of 2 deliverables done" in body
        assert "Phase 1: build momentum" in body
        assert 'class="govuk-breadcrumbs"' in body

    def test_queries_do_not_grow_with_deliverables(self, anonymous_client, home_page):
        page = StrategyPageFactory(parent=home_page)

        def add(n):
            goals = page.goals.raw_data
            value = dict(goals[0]["value"])
            value["deliverables"] = value["deliverables"] + [
                raw_block(
                    "item",
                    {
                        "title": "More",
                        "description": "",
                        "phase": "2",
                        "status": "planned",
                        "due_date": None,
                    },
                )
                for _ in range(n)
            ]
            page.goals = [raw_block("goal", value)]
            page.save()

        assert_queries_do_not_grow(add_items=add, request=lambda: anonymous_client.get(page.url))


class TestTopTipsPage:
    def test_tips_are_numbered_in_order_with_examples_and_links(self, anonymous_client, home_page):
        page = TopTipsPageFactory(parent=home_page)
        body = html(anonymous_client.get(page.url))
        assert body.index("Tip 1") < body.index("Know your users")
        assert body.index("Tip 2") < body.index("Ask before you change")
        assert 'id="tip-2"' in body
        assert "A road safety charity." in body
        assert 'href="https://example.org/">Guide</a>' in body

    def test_queries_do_not_grow_with_tips(self, anonymous_client, home_page):
        page = TopTipsPageFactory(parent=home_page)

        def add(n):
            page.tips = list(page.tips.raw_data) + [tip(f"Tip {i}") for i in range(n)]
            page.save()

        assert_queries_do_not_grow(add_items=add, request=lambda: anonymous_client.get(page.url))


class TestCaseStudyPages:
    def test_case_study_renders_every_section(self, anonymous_client, case_study_index):
        theme = ThemeFactory(name="Construction test")
        page = CaseStudyPageFactory(
            parent=case_study_index,
            themes=[theme],
            goals=["collaborate"],
            organisation=OrganisationFactory(name="Department for Testing"),
            lessons="<p>Agree who runs it.</p>",
        )
        body = html(anonymous_client.get(page.url))
        for text in (
            "Department for Testing",
            "Construction test",
            "Collaborate",
            "The task",
            "The approach",
            "Outcome and impact",
            "Lessons learnt",
            "Agree who runs it.",
            page.contact_email,
        ):
            assert text in body
        assert 'class="govuk-summary-list"' in body
        assert f'href="{theme.get_absolute_url()}"' in body

    def test_case_study_queries_do_not_grow_with_themes(self, anonymous_client, case_study_index):
        page = CaseStudyPageFactory(parent=case_study_index)

        def add(n):
            page.themes.add(*ThemeFactory.create_batch(n))
            page.save()

        assert_queries_do_not_grow(add_items=add, request=lambda: anonymous_client.get(page.url))

    def test_index_lists_live_case_studies_only(self, anonymous_client, case_study_index):
        CaseStudyPageFactory(parent=case_study_index, title="Published study")
        CaseStudyPageFactory(parent=case_study_index, title="Draft study", live=False)
        body = html(anonymous_client.get(case_study_index.url))
        assert "Published study" in body
        assert "Draft study" not in body
        assert "1 case study" in body

    def test_index_queries_do_not_grow(self, anonymous_client, case_study_index):
        def add(n):
            for _ in range(n):
                CaseStudyPageFactory(
                    parent=case_study_index,
                    themes=ThemeFactory.create_batch(2),
                    goals=["collaborate", "build_capability"],
                )

        assert_queries_do_not_grow(
            add_items=add, request=lambda: anonymous_client.get(case_study_index.url)
        )


class TestChampionsPage:
    def test_lists_listed_champions_with_public_email_only(self, anonymous_client, champions_page):
        theme = ThemeFactory(name="Health test")
        ChampionFactory(name="Ada Listed", themes=[theme], show_email=True, email="ada@x.example")
        ChampionFactory(name="Bo Private", show_email=False, email="bo@x.example")
        ChampionFactory(name="Cy Unlisted", is_listed=False)
        body = html(anonymous_client.get(champions_page.url))
        assert "Ada Listed" in body and "ada@x.example" in body and "Health test" in body
        assert "Bo Private" in body and "bo@x.example" not in body
        assert "Cy Unlisted" not in body
        assert "2 champions" in body
        assert 'href="/become-a-champion/">Sign up to be a champion</a>' in body

    def test_queries_do_not_grow(self, anonymous_client, champions_page):
        def add(n):
            for _ in range(n):
                ChampionFactory(themes=ThemeFactory.create_batch(2))

        assert_queries_do_not_grow(
            add_items=add, request=lambda: anonymous_client.get(champions_page.url)
        )


class TestUpdatePages:
    def test_update_renders_date_summary_body_and_goals(self, anonymous_client, update_index):
        page = UpdatePageFactory(
            parent=update_index,
            summary="Phase 1 has started.",
            goals=["strengthen_culture"],
            themes=[ThemeFactory(name="Census test")],
        )
        body = html(anonymous_client.get(page.url))
        assert "Phase 1 has started." in body
        assert "Progress this quarter." in body
        assert "Strengthen culture" in body
        assert "Census test" in body
        assert page.date.strftime("%Y-%m-%d") in body

    def test_index_lists_newest_first(self, anonymous_client, update_index):
        from datetime import date

        UpdatePageFactory(parent=update_index, title="Older update", date=date(2021, 5, 20))
        UpdatePageFactory(parent=update_index, title="Newer update", date=date(2022, 11, 30))
        body = html(anonymous_client.get(update_index.url))
        assert body.index("Newer update") < body.index("Older update")

    def test_index_queries_do_not_grow(self, anonymous_client, update_index):
        def add(n):
            for _ in range(n):
                UpdatePageFactory(parent=update_index, themes=[ThemeFactory()])

        assert_queries_do_not_grow(
            add_items=add, request=lambda: anonymous_client.get(update_index.url)
        )

    def test_update_queries_do_not_grow_with_themes(self, anonymous_client, update_index):
        page = UpdatePageFactory(parent=update_index)

        def add(n):
            page.themes.add(*ThemeFactory.create_batch(n))
            page.save()

        assert_queries_do_not_grow(add_items=add, request=lambda: anonymous_client.get(page.url))


class TestStandardPage:
    def test_renders_every_block_type(self, anonymous_client, home_page, monkeypatch):
        from django.core.files.base import ContentFile

        from wagtail.documents.models import Document
        from wagtail.embeds.models import Embed

        import wagtail_factories

        image = wagtail_factories.ImageFactory(title="Chart")
        document = Document.objects.create(
            title="Annual report", file=ContentFile(b"%PDF-1.4 test", name="report.pdf")
        )
        from wagtail.embeds.embeds import get_embed_hash

        Embed.objects.create(
            hash=get_embed_hash("https://www.youtube.com/watch?v=test"),
            url="https://www.youtube.com/watch?v=test",
            max_width=None,
            type="video",
            html='<iframe title="Test video" src="https://www.youtube-nocookie.com/embed/test"></iframe>',
            provider_name="YouTube",
            thumbnail_url="",
            width=640,
            height=360,
        )
        page = StandardPageFactory(
            parent=home_page,
            body=[
                raw_block("heading", {"text": "Planning engagement", "level": "h2"}),
                raw_block(
                    "paragraph", '<p>Start with <a href="https://example.org">users</a>.</p>'
                ),
                raw_block("callout", {"style": "warning", "title": "", "body": "<p>Mind.</p>"}),
                raw_block(
                    "callout", {"style": "important", "title": "Deadline", "body": "<p>Soon.</p>"}
                ),
                raw_block(
                    "table",
                    {
                        "caption": "Methods compared",
                        "columns": [
                            {"type": "text", "heading": "Method"},
                            {"type": "number", "heading": "Cost"},
                        ],
                        "rows": [{"values": ["Survey", "120"]}],
                    },
                ),
                raw_block("document", {"document": document.pk, "title": ""}),
                raw_block("image", {"image": image.pk, "alt_text": "A bar chart", "caption": ""}),
                raw_block(
                    "embed",
                    {
                        "media": "https://www.youtube.com/watch?v=test",
                        "title": "Test video",
                        "transcript_url": "https://example.org/transcript",
                    },
                ),
            ],
        )
        body = html(anonymous_client.get(page.url))
        assert '<h2 class="govuk-heading-l" id="planning-engagement">' in body
        assert '<p class="govuk-body">Start with <a class="govuk-link"' in body
        assert 'class="govuk-warning-text"' in body
        assert 'class="govuk-notification-banner"' in body and "Deadline" in body
        assert (
            '<caption class="govuk-table__caption govuk-table__caption--m">Methods compared' in body
        )
        assert "govuk-table__cell--numeric" in body
        assert "Annual report" in body and "(PDF" in body
        assert 'alt="A bar chart"' in body
        assert "youtube-nocookie.com/embed/test" in body and "Read the transcript" in body

    def test_lists_live_subpages(self, anonymous_client, home_page):
        page = StandardPageFactory(parent=home_page)
        StandardPageFactory(parent=page, title="Live child guidance")
        StandardPageFactory(parent=page, title="Draft child guidance", live=False)
        body = html(anonymous_client.get(page.url))
        assert "Live child guidance" in body and "Draft child guidance" not in body

    def test_queries_do_not_grow_with_subpages(self, anonymous_client, home_page):
        page = StandardPageFactory(parent=home_page)

        def add(n):
            for _ in range(n):
                StandardPageFactory(parent=page)

        assert_queries_do_not_grow(add_items=add, request=lambda: anonymous_client.get(page.url))


def test_strategy_goals_are_seeded():
    assert list(StrategyGoal.objects.values_list("code", flat=True)) == [
        "collaborate",
        "build_capability",
        "strengthen_culture",
    ]
