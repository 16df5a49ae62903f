"""Editors create and edit every page type through the admin forms."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.editorial.models import CaseStudyPage, HomePage, StrategyGoal, TopTipsPage, UpdatePage
from tests.cms.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    ChampionsPageFactory,
    StandardPageFactory,
    StrategyPageFactory,
    TopTipsPageFactory,
    UpdateIndexPageFactory,
    UpdatePageFactory,
)
from themes.models import Theme


class TestAdminEditing(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.case_studies = CaseStudyIndexPageFactory(parent=cls.home)
        cls.updates = UpdateIndexPageFactory(parent=cls.home)

    def setUp(self):
        self.login()

    def test_create_a_case_study_with_themes_and_goals(self):
        health = Theme.objects.get(slug="health-and-social-care")
        collaborate = StrategyGoal.objects.get(code="collaborate")
        data = nested_form_data(
            {
                "title": "A dashboard designed with patients",
                "slug": "dashboard-with-patients",
                "summary": "Analysts tested a dashboard with patient charities.",
                "task": rich_text("<p>Find the figures patients ask about.</p>"),
                "approach": rich_text("<p>Four sessions with prototypes.</p>"),
                "outcome": rich_text("<p>Charities link to it.</p>"),
                "lessons": rich_text(""),
                "contact_name": "",
                "contact_email": "",
            }
        )
        # The checkbox widgets post one value per ticked box.
        data["themes"] = [health.pk]
        data["goals"] = [collaborate.pk]
        self.assertCanCreate(self.case_studies, CaseStudyPage, data)
        page = CaseStudyPage.objects.get(slug="dashboard-with-patients")
        assert page.live
        assert list(page.themes.all()) == [health]
        assert list(page.goals.all()) == [collaborate]

    def test_create_an_update_with_a_body(self):
        self.assertCanCreate(
            self.updates,
            UpdatePage,
            nested_form_data(
                {
                    "title": "Phase 2 begins",
                    "date": "2022-04-01",
                    "summary": "The hub is being built.",
                    "author": "Project team",
                    "body": streamfield(
                        [("paragraph", rich_text("<p>We started building the hub.</p>"))]
                    ),
                }
            ),
        )
        page = UpdatePage.objects.get(slug="phase-2-begins")
        assert page.search_body() == "We started building the hub."

    def test_create_top_tips(self):
        self.assertCanCreate(
            self.home,
            TopTipsPage,
            nested_form_data(
                {
                    "title": "Top tips",
                    "introduction": rich_text(""),
                    "tips": streamfield(
                        [
                            (
                                "tip",
                                {
                                    "title": "Know your users",
                                    "body": rich_text("<p>List them.</p>"),
                                    "example": "",
                                    "link_url": "",
                                    "link_text": "",
                                },
                            )
                        ]
                    ),
                }
            ),
        )
        assert TopTipsPage.objects.get(slug="top-tips").numbered_tips()[0][0] == 1

    def test_pages_without_stream_fields_round_trip_through_the_edit_form(self):
        # The helper rebuilds the POST from the form's HTML, which holds no StreamField data
        # (the admin's JavaScript adds it), so stream pages are covered by assertCanCreate.
        pages = [
            Page.objects.get(pk=self.home.pk).specific,
            self.case_studies,
            CaseStudyPageFactory(parent=self.case_studies, goals=["collaborate"]),
            ChampionsPageFactory(parent=self.home),
            self.updates,
        ]
        for page in pages:
            with self.subTest(page=type(page).__name__):
                self.assertPageIsEditable(page)
                self.assertPageIsPreviewable(page)

    def test_every_page_type_edit_view_loads_and_renders(self):
        pages = [
            Page.objects.get(pk=self.home.pk).specific,
            StrategyPageFactory(parent=self.home),
            TopTipsPageFactory(parent=self.home),
            self.case_studies,
            CaseStudyPageFactory(parent=self.case_studies),
            ChampionsPageFactory(parent=self.home),
            self.updates,
            UpdatePageFactory(parent=self.updates),
            StandardPageFactory(parent=self.home),
        ]
        assert {type(page) for page in pages} >= {HomePage, CaseStudyPage, UpdatePage}
        for page in pages:
            with self.subTest(page=type(page).__name__):
                response = self.client.get(f"/admin/pages/{page.pk}/edit/")
                assert response.status_code == 200
                self.assertPageIsRenderable(page)
