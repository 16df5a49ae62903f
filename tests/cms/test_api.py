"""The headless API: every page type with its fields, readable blocks, fixed query counts, and
nothing that is not live and public."""

from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

import pytest
import wagtail_factories

from tests.cms.factories import (
    CaseStudyPageFactory,
    ChampionsPageFactory,
    StandardPageFactory,
    StrategyPageFactory,
    TopTipsPageFactory,
    UpdatePageFactory,
    raw_block,
)
from tests.cms.helpers import assert_queries_do_not_grow, capture_queries
from tests.themes.factories import ThemeFactory

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"


def listing(client, **params):
    response = client.get(PAGES, params)
    assert response.status_code == 200, response.content
    return response.json()


def detail(client, page):
    response = client.get(f"{PAGES}{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def listed_ids(client, **params) -> set[int]:
    return {item["id"] for item in listing(client, **params)["items"]}


class TestFieldsOfEachPageType:
    def test_home_page(self, client, home_page):
        theme = ThemeFactory(name="Economy test")
        home_page.featured_theme_links.create(theme=theme, sort_order=0)
        home_page.purpose = "<p>One place.</p>"
        home_page.save()
        data = detail(client, home_page)
        assert data["introduction"] == home_page.introduction
        assert "One place." in data["purpose"]
        assert data["featured_themes"] == [
            {
                "id": theme.id,
                "name": "Economy test",
                "slug": theme.slug,
                "url": f"http://testserver/themes/{theme.slug}/",
            }
        ]
        assert [cta["url"] for cta in data["calls_to_action"]] == [
            "/search/",
            "/groups/register/",
            "/request-engagement/",
            "/share-a-success/",
        ]

    def test_strategy_page_goals_and_phases_are_readable(self, client, home_page):
        page = StrategyPageFactory(parent=home_page)
        data = detail(client, page)
        assert data["vision"].startswith("User engagement is second nature")
        goal = data["goals"][0]
        assert goal["type"] == "goal"
        assert goal["value"]["goal"] == "collaborate"
        assert goal["value"]["goal_label"] == "Collaborate"
        assert goal["value"]["progress"] == {
            "total": 2,
            "planned": 0,
            "in_progress": 1,
            "done": 1,
        }
        assert goal["value"]["deliverables"][0] == {
            "title": "Champions network",
            "description": "A champion in every department.",
            "phase": 1,
            "status": "done",
            "status_label": "Done",
            "due_date": "2021-09-30",
        }
        assert data["phases"][0]["value"]["title"] == "Phase 1: build momentum"
        assert data["phases"][0]["value"]["start_date"] == "2021-02-22"
        assert data["phases"][0]["value"]["status_label"] == "Done"

    def test_top_tips_are_numbered(self, client, home_page):
        page = TopTipsPageFactory(parent=home_page)
        tips = detail(client, page)["tips"]
        assert [(tip["value"]["number"], tip["value"]["title"]) for tip in tips] == [
            (1, "Know your users"),
            (2, "Ask before you change"),
        ]
        assert tips[0]["value"]["example"] == "A road safety charity."
        assert tips[0]["value"]["link"] is None
        assert tips[1]["value"]["link"] == {"url": "https://example.org/", "text": "Guide"}

    def test_case_study_index_and_case_study(self, client, case_study_index):
        theme = ThemeFactory(name="Construction test")
        page = CaseStudyPageFactory(
            parent=case_study_index, themes=[theme], goals=["collaborate", "build_capability"]
        )
        assert "introduction" in detail(client, case_study_index)
        data = detail(client, page)
        assert data["summary"] == page.summary
        assert data["organisation"]["name"] == page.organisation.name
        assert data["themes"][0]["slug"] == theme.slug
        assert data["goals"] == [
            {"code": "collaborate", "name": "Collaborate"},
            {"code": "build_capability", "name": "Build capability"},
        ]
        for field in ("task", "approach", "outcome", "lessons"):
            assert data[field].startswith("<p>")
        assert data["contact_email"] == page.contact_email
        assert data["meta"]["parent"]["id"] == case_study_index.id

    def test_champions_page(self, client, home_page):
        page = ChampionsPageFactory(parent=home_page)
        data = detail(client, page)
        assert "Find a champion." in data["introduction"]
        assert data["champions_api_url"] == "/api/champions"

    def test_update_index_and_update(self, client, update_index):
        page = UpdatePageFactory(parent=update_index, goals=["strengthen_culture"])
        assert "introduction" in detail(client, update_index)
        data = detail(client, page)
        assert data["date"] == page.date.isoformat()
        assert data["summary"] == page.summary
        assert data["goals"] == [{"code": "strengthen_culture", "name": "Strengthen culture"}]
        assert data["body"][0]["type"] == "paragraph"

    def test_standard_page_blocks_are_readable(self, client, home_page):
        image = wagtail_factories.ImageFactory(title="Chart")
        document = Document.objects.create(
            title="Annual report", file=ContentFile(b"%PDF-1.4 test", name="report.pdf")
        )
        page = StandardPageFactory(
            parent=home_page,
            body=[
                raw_block("heading", {"text": "Planning engagement", "level": "h3"}),
                raw_block("image", {"image": image.pk, "alt_text": "A bar chart", "caption": "C"}),
                raw_block("document", {"document": document.pk, "title": ""}),
                raw_block(
                    "embed",
                    {
                        "media": "https://www.youtube.com/watch?v=x",
                        "title": "V",
                        "transcript_url": "",
                    },
                ),
                raw_block(
                    "table",
                    {
                        "caption": "Methods",
                        "columns": [{"type": "text", "heading": "Method"}],
                        "rows": [{"values": ["Survey"]}],
                    },
                ),
            ],
        )
        body = {block["type"]: block["value"] for block in detail(client, page)["body"]}
        assert body["heading"] == {
            "text": "Planning engagement",
            "level": 3,
            "anchor": "planning-engagement",
        }
        assert body["image"]["alt_text"] == "A bar chart"
        assert body["image"]["rendition"]["alt"] == "A bar chart"
        assert body["image"]["rendition"]["url"].startswith("/media/images/")
        assert body["image"]["rendition"]["width"] > 0
        assert body["document"]["title"] == "Annual report"
        assert body["document"]["file_extension"] == "pdf"
        assert body["document"]["url"].startswith("/documents/")
        assert body["embed"] == {
            "url": "https://www.youtube.com/watch?v=x",
            "title": "V",
            "transcript_url": "",
        }
        assert body["table"]["caption"] == "Methods"
        assert body["table"]["rows"] == [{"values": ["Survey"]}]

    def test_every_type_is_listed_with_its_fields(
        self, client, home_page, case_study_index, update_index
    ):
        StrategyPageFactory(parent=home_page)
        TopTipsPageFactory(parent=home_page)
        CaseStudyPageFactory(parent=case_study_index)
        ChampionsPageFactory(parent=home_page)
        UpdatePageFactory(parent=update_index)
        StandardPageFactory(parent=home_page)
        expected = {
            "cms.HomePage": {"introduction", "purpose", "featured_themes", "calls_to_action"},
            "cms.StrategyPage": {"introduction", "vision", "goals", "phases"},
            "cms.TopTipsPage": {"introduction", "tips"},
            "cms.CaseStudyIndexPage": {"introduction"},
            "cms.CaseStudyPage": {
                "summary", "organisation", "themes", "goals", "task", "approach", "outcome",
                "lessons", "contact_name", "contact_email",
            },
            "cms.ChampionsPage": {"introduction", "body", "champions_api_url"},
            "cms.UpdateIndexPage": {"introduction"},
            "cms.UpdatePage": {"date", "summary", "author", "body", "goals", "themes"},
            "cms.StandardPage": {"introduction", "body"},
        }  # fmt: skip
        for page_type, fields in expected.items():
            items = listing(client, type=page_type, fields="*")["items"]
            assert len(items) == 1, page_type
            assert fields <= set(items[0]), (page_type, fields - set(items[0]))


class TestListingQueriesDoNotGrow:
    def test_listings_of_each_type(self, client, home_page, case_study_index, update_index):
        listings = {
            page_type: {"type": page_type, "fields": "*", "limit": 100}
            for page_type in (
                "cms.CaseStudyPage",
                "cms.UpdatePage",
                "cms.StandardPage",
                "cms.TopTipsPage",
            )
        }
        listings["cms.HomePage"] = {"type": "cms.HomePage", "fields": "*"}
        listings["all pages"] = {"limit": 100}

        def add(n):
            for _ in range(n):
                themes = ThemeFactory.create_batch(2)
                CaseStudyPageFactory(parent=case_study_index, themes=themes, goals=["collaborate"])
                UpdatePageFactory(parent=update_index, themes=themes, goals=["collaborate"])
                StandardPageFactory(parent=home_page)
                TopTipsPageFactory(parent=home_page)

        def count_all() -> dict[str, int]:
            counts = {}
            for name, params in listings.items():
                client.get(PAGES, params)  # settle first-visit work, as the helper does
                queries, response = capture_queries(lambda p=params: client.get(PAGES, p))
                assert response.status_code == 200, name
                counts[name] = len(queries)
            return counts

        add(5)
        with_5 = count_all()
        add(45)
        assert count_all() == with_5

    def test_child_of_listing(self, client, case_study_index):
        def add(n):
            for _ in range(n):
                CaseStudyPageFactory(parent=case_study_index, themes=ThemeFactory.create_batch(2))

        params = {
            "type": "cms.CaseStudyPage",
            "child_of": case_study_index.pk,
            "fields": "summary,themes,organisation,goals",
            "limit": 100,
        }
        assert_queries_do_not_grow(add_items=add, request=lambda: client.get(PAGES, params))


class TestOnlyLiveAndPublicPages:
    @pytest.fixture
    def pages(self, home_page, case_study_index):
        public = CaseStudyPageFactory(parent=case_study_index, title="Public study")
        draft = CaseStudyPageFactory(parent=case_study_index, title="Draft study", live=False)
        private = CaseStudyPageFactory(parent=case_study_index, title="Private study")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        private_section = StandardPageFactory(parent=home_page, title="Private section")
        PageViewRestriction.objects.create(
            page=private_section, restriction_type=PageViewRestriction.LOGIN
        )
        private_child = StandardPageFactory(parent=private_section, title="Child of private")
        unpublished = StandardPageFactory(parent=home_page, title="Unpublished guidance")
        unpublished.unpublish()
        return {
            "public": public,
            "hidden": [draft, private, private_section, private_child, unpublished],
        }

    def test_absent_from_every_listing(self, client, pages, case_study_index, home_page):
        hidden = {page.pk for page in pages["hidden"]}
        queries = [
            {},
            {"type": "cms.CaseStudyPage"},
            {"type": "cms.StandardPage"},
            {"type": "cms.CaseStudyPage,cms.StandardPage"},
            {"child_of": case_study_index.pk},
            {"descendant_of": home_page.pk},
            {"search": "study"},
            {"search": "private"},
            {"type": "cms.CaseStudyPage", "fields": "*"},
        ]
        for params in queries:
            ids = listed_ids(client, limit=100, **params)
            assert not ids & hidden, params
        assert pages["public"].pk in listed_ids(client, type="cms.CaseStudyPage")

    def test_absent_from_detail_and_find(self, client, pages):
        for page in pages["hidden"]:
            assert client.get(f"{PAGES}{page.pk}/").status_code == 404, page.title
            find = client.get(f"{PAGES}find/", {"html_path": page.url_path.removeprefix("/home")})
            assert find.status_code == 404, page.title
            assert client.get(f"{PAGES}find/", {"id": page.pk}).status_code == 404
        public = client.get(f"{PAGES}find/", {"id": pages["public"].pk})
        assert public.status_code == 302

    def test_children_of_private_pages_cannot_be_listed_through_them(self, client, pages):
        private_section = pages["hidden"][2]
        response = client.get(PAGES, {"child_of": private_section.pk})
        assert response.status_code == 400 or not response.json()["items"]

    def test_draft_changes_to_a_live_page_stay_out_of_the_api(self, client, case_study_index):
        page = CaseStudyPageFactory(parent=case_study_index, title="Published title")
        page.title = "Unpublished new title"
        page.save_revision()
        assert detail(client, page)["title"] == "Published title"

    def test_hidden_pages_do_not_leak_into_theme_api_counts(self, client, pages):
        theme = ThemeFactory()
        for page in [pages["public"], *pages["hidden"][:2]]:
            if hasattr(page, "themes"):
                page.themes.add(theme)
                page.save()
        data = client.get(f"/api/themes/{theme.slug}").json()
        assert data["content"]["case_studies"] == 1


def test_documents_and_images_in_private_collections_are_not_listed(client):
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Private")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    public_doc = Document.objects.create(
        title="Public doc", file=ContentFile(b"x", name="public.txt")
    )
    Document.objects.create(
        title="Private doc", file=ContentFile(b"x", name="private.txt"), collection=private
    )
    public_image = wagtail_factories.ImageFactory(title="Public image")
    wagtail_factories.ImageFactory(title="Private image", collection=private)

    documents = {d["title"] for d in client.get("/api/v2/documents/").json()["items"]}
    images = {i["title"] for i in client.get("/api/v2/images/").json()["items"]}
    assert documents == {public_doc.title}
    assert images == {public_image.title}


def test_rich_text_can_be_served_as_html_with_links_resolved(client, home_page):
    page = StandardPageFactory(
        parent=home_page,
        body=[raw_block("paragraph", f'<p><a linktype="page" id="{home_page.pk}">Home</a></p>')],
    )
    response = client.get(f"{PAGES}{page.pk}/", {"rich_text_format": "html"})
    assert response.json()["body"][0]["value"] == '<p><a href="/">Home</a></p>'
