"""Editorial page types. The API contract lives next to each model's panels.

Tree::

    HomePage (site root)
    ├── StrategyPage
    ├── TopTipsPage
    ├── CaseStudyIndexPage ── CaseStudyPage
    ├── ChampionsPage
    ├── UpdateIndexPage ── UpdatePage
    └── StandardPage ── StandardPage
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.editorial.blocks import ContentStreamBlock, GoalBlock, PhaseBlock, TipsStreamBlock
from cms.editorial.models.base import BasePage, plain_text, private_pages_q, stream_text
from cms.editorial.models.goals import StrategyGoal
from cms.editorial.serializers import (
    FeaturedThemesField,
    GoalListField,
    ImageWithAltTextField,
    OrganisationField,
    ThemeListField,
)
from cms.pagination import paginate
from themes.models import Theme
from themes.widgets import ThemeCheckboxSelectMultiple

INTRO_FEATURES = ["bold", "italic", "link"]
TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


def _theme_prefetch():
    return Prefetch("themes", queryset=Theme.objects.order_by("sort_order", "name"))


# --- Home -------------------------------------------------------------------------------------


class HomePage(BasePage):
    """The hub's front door: what it is for, a search box, themes, the latest content."""

    # (URL name, path if that URL is not installed, title, description)
    CALLS_TO_ACTION = [
        (
            "search:search",
            "/search/",
            "Find a group",
            "Search user groups and forums by theme, organisation and region.",
        ),
        (
            "intake:group_register",
            "/groups/register/",
            "Register a group",
            "Add a user group or forum you run so users can find it.",
        ),
        (
            "engagement:request_new",
            "/engagement/request/",
            "Request engagement",
            "Ask a producer of statistics for a meeting, feedback or new data.",
        ),
        (
            "engagement:success_new",
            "/successes/share/",
            "Share a success",
            "Tell us about engagement that worked so others can learn from it.",
        ),
    ]
    LATEST_COUNT = 3

    introduction = models.CharField(
        max_length=300,
        default="Find user groups and forums for UK official statistics by theme.",
        help_text="One or two sentences under the title saying what the hub is for.",
    )
    purpose = RichTextField(features=["bold", "italic", "link", "ul"], blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("purpose"),
        InlinePanel(
            "featured_theme_links",
            label="Featured theme",
            heading="Featured themes",
            help_text="Themes shown on the home page, in this order.",
            max_num=8,
        ),
        HelpPanel(
            content=(
                "The latest case studies and updates and the calls to action (find, register, "
                "request, share) are added to the page automatically."
            )
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("purpose"),
    ]
    api_fields = [
        APIField("introduction"),
        APIField("purpose"),
        APIField("featured_themes", serializer=FeaturedThemesField(source="featured_theme_links")),
        APIField("calls_to_action"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StrategyPage",
        "cms.TopTipsPage",
        "cms.CaseStudyIndexPage",
        "cms.ChampionsPage",
        "cms.UpdateIndexPage",
        "cms.StandardPage",
    ]
    max_count = 1
    template = "pages/home_page.html"

    @property
    def calls_to_action(self) -> list[dict]:
        """The journeys the hub offers, linked by URL name so they follow the intake app."""
        actions = []
        for url_name, fallback, title, description in self.CALLS_TO_ACTION:
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                url = fallback
            actions.append({"title": title, "description": description, "url": url})
        return actions

    def featured_themes(self):
        return [link.theme for link in self.featured_theme_links.select_related("theme").all()]

    def latest_case_studies(self):
        # The home page's cards show the organisation but not the themes.
        return (
            CaseStudyPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("organisation")
            .order_by("-first_published_at")[: self.LATEST_COUNT]
        )

    def latest_updates(self):
        return (
            UpdatePage.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-date", "-first_published_at")[: self.LATEST_COUNT]
        )

    def listing_indexes(self) -> dict[type, Page]:
        """The live, public case-study and update indexes below this page, in one query.

        The page only links to them, so plain ``Page`` rows do (no query for ``.specific``).
        """
        indexes = {}
        children = (
            self.get_children()
            .live()
            .exclude(private_pages_q())
            .type(CaseStudyIndexPage, UpdateIndexPage)
        )
        for child in children:  # in tree order, so the first of each type wins
            indexes.setdefault(child.specific_class, child)
        return indexes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_themes"] = self.featured_themes()
        context["latest_case_studies"] = self.latest_case_studies()
        context["latest_updates"] = self.latest_updates()
        context["calls_to_action"] = self.calls_to_action
        indexes = self.listing_indexes()
        context["case_study_index"] = indexes.get(CaseStudyIndexPage)
        context["update_index"] = indexes.get(UpdateIndexPage)
        # The page has its own, labelled search box; a second one in the header is noise.
        context["hide_site_search"] = True
        return context

    @classmethod
    def api_queryset(cls, queryset):
        return queryset.prefetch_related(
            Prefetch(
                "featured_theme_links",
                queryset=HomePageFeaturedTheme.objects.select_related("theme"),
            )
        )

    def search_summary(self) -> str:
        return plain_text(self.introduction)

    def search_body(self) -> str:
        return plain_text(self.purpose)


class HomePageFeaturedTheme(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_theme_links")
    theme = models.ForeignKey("themes.Theme", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("theme")]

    class Meta(Orderable.Meta):
        verbose_name = "featured theme"


# --- Strategy ---------------------------------------------------------------------------------


class StrategyPage(BasePage):
    """The User Engagement Strategy: vision, goals with deliverables, phases as a timeline."""

    search_kind_label = "Strategy"

    introduction = models.CharField(max_length=300, blank=True)
    vision = models.TextField(help_text="The strategy's vision, in one or two sentences.")
    goals = StreamField(
        [("goal", GoalBlock())],
        help_text="One block per goal, each with its deliverables and their status.",
    )
    phases = StreamField(
        [("phase", PhaseBlock())], blank=True, help_text="The delivery phases, in order."
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("vision"),
        FieldPanel("goals"),
        FieldPanel("phases"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("vision"),
        index.SearchField("goals"),
    ]
    api_fields = [
        APIField("introduction"),
        APIField("vision"),
        APIField("goals"),
        APIField("phases"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StandardPage"]
    max_count_per_parent = 1
    template = "pages/strategy_page.html"

    def search_summary(self) -> str:
        return plain_text(self.introduction or self.vision)

    def search_body(self) -> str:
        return plain_text(self.vision, stream_text(self.goals), stream_text(self.phases))


# --- Top tips ---------------------------------------------------------------------------------


class TopTipsPage(BasePage):
    """Ten top tips for user engagement, numbered in the order editors set."""

    show_in_menus_default = True

    introduction = RichTextField(features=INTRO_FEATURES, blank=True)
    tips = StreamField(TipsStreamBlock())

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("tips")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("tips"),
    ]
    api_fields = [APIField("introduction"), APIField("tips")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    template = "pages/top_tips_page.html"

    def numbered_tips(self) -> list[tuple[int, object]]:
        """(number, tip) pairs; the API numbers tips the same way."""
        return list(enumerate((block.value for block in self.tips), start=1))

    search_summary_field = "introduction"

    def search_body(self) -> str:
        return stream_text(self.tips)


# --- Case studies -----------------------------------------------------------------------------


class CaseStudyIndexPage(BasePage):
    """Case studies of effective engagement, filterable by theme and goal."""

    show_in_menus_default = True

    search_kind_label = "Case studies"

    PER_PAGE = 10

    introduction = RichTextField(features=INTRO_FEATURES, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    api_fields = [APIField("introduction")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CaseStudyPage"]
    max_count_per_parent = 1
    template = "pages/case_study_index_page.html"

    def get_context(self, request, *args, **kwargs):
        # Imported here: forms and selectors import the models defined in this module.
        from cms.editorial.forms import CaseStudyFilterForm
        from cms.editorial.selectors import case_study_list

        context = super().get_context(request, *args, **kwargs)
        form = CaseStudyFilterForm(request.GET or None)
        filters = form.cleaned_filters()
        case_studies = case_study_list(parent=self, **filters)
        context["filter_form"] = form
        context["filters_applied"] = any(filters.values())
        context["page_obj"] = paginate(request, case_studies, per_page=self.PER_PAGE)
        return context

    search_summary_field = "introduction"


class CaseStudyPage(BasePage):
    """A story of effective user engagement: the task, the approach, what changed."""

    search_kind_label = "Case study"

    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in lists and search results."
    )
    organisation = models.ForeignKey(
        "cms.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
        help_text="The producer of statistics the case study is about.",
    )
    themes = ParentalManyToManyField("themes.Theme", blank=True, related_name="case_studies")
    goals = ParentalManyToManyField(
        StrategyGoal,
        blank=True,
        related_name="case_studies",
        verbose_name="strategy goals supported",
    )
    task = RichTextField(features=TEXT_FEATURES, verbose_name="the task")
    approach = RichTextField(features=TEXT_FEATURES, verbose_name="the approach")
    outcome = RichTextField(features=TEXT_FEATURES, verbose_name="outcome and impact")
    lessons = RichTextField(features=TEXT_FEATURES, blank=True, verbose_name="lessons learnt")
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Shown below the summary.",
    )
    # The alt text belongs to this use of the image, as in the image blocks: the same picture
    # can need different words on another page.
    image_alt_text = models.CharField(
        max_length=250,
        blank=True,
        verbose_name="image alt text",
        help_text="Describe what the image shows for people who cannot see it.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt_text")],
            heading="Image",
        ),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("themes", widget=ThemeCheckboxSelectMultiple),
                FieldPanel("goals", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Tagging",
        ),
        FieldPanel("task"),
        FieldPanel("approach"),
        FieldPanel("outcome"),
        FieldPanel("lessons"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")], heading="Contact"
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("task"),
        index.SearchField("approach"),
        index.SearchField("outcome"),
        index.SearchField("lessons"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.FilterField("organisation"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("organisation", serializer=OrganisationField()),
        APIField("themes", serializer=ThemeListField()),
        APIField("goals", serializer=GoalListField()),
        APIField("task"),
        APIField("approach"),
        APIField("outcome"),
        APIField("lessons"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("image", serializer=ImageWithAltTextField("max-1280x1280")),
    ]

    parent_page_types = ["cms.CaseStudyIndexPage"]
    subpage_types = []
    template = "pages/case_study_page.html"

    @classmethod
    def api_queryset(cls, queryset):
        return queryset.select_related("organisation", "image").prefetch_related(
            _theme_prefetch(), "goals", "image__renditions"
        )

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt_text.strip():
            raise ValidationError(
                {"image_alt_text": "Describe the image for people who cannot see it."}
            )

    def search_summary(self) -> str:
        return plain_text(self.summary)

    def search_body(self) -> str:
        return plain_text(self.task, self.approach, self.outcome, self.lessons)

    def search_theme_ids(self) -> list[int]:
        return [theme.pk for theme in self.themes.all()]


# --- Champions --------------------------------------------------------------------------------


class ChampionsPage(BasePage):
    """The directory of user engagement champions, by organisation and theme."""

    show_in_menus_default = True

    search_kind_label = "Champions"

    PER_PAGE = 24

    introduction = RichTextField(features=INTRO_FEATURES, blank=True)
    body = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="What champions do and how to become one. Shown below the directory.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("introduction"), APIField("body"), APIField("champions_api_url")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "pages/champions_page.html"

    @property
    def champions_api_url(self) -> str:
        """Where a headless front end reads the directory (the hub's own API)."""
        return "/api/champions"

    def get_context(self, request, *args, **kwargs):
        # Imported here: forms and selectors import the models defined in this module.
        from cms.editorial.forms import ChampionFilterForm
        from cms.editorial.selectors import champion_list

        context = super().get_context(request, *args, **kwargs)
        form = ChampionFilterForm(request.GET or None)
        filters = form.cleaned_filters()
        context["filter_form"] = form
        context["filters_applied"] = any(filters.values())
        context["page_obj"] = paginate(request, champion_list(**filters), per_page=self.PER_PAGE)
        return context

    search_summary_field = "introduction"

    def search_body(self) -> str:
        return plain_text(self.body)


# --- Updates ----------------------------------------------------------------------------------


class UpdateIndexPage(BasePage):
    """Progress updates on the strategy, newest first."""

    search_kind_label = "Updates"

    PER_PAGE = 10

    introduction = RichTextField(features=INTRO_FEATURES, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    api_fields = [APIField("introduction")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.UpdatePage"]
    max_count_per_parent = 1
    template = "pages/update_index_page.html"

    def get_context(self, request, *args, **kwargs):
        # Imported here: cms.editorial.selectors imports the models defined in this module.
        from cms.editorial.selectors import update_list

        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = paginate(request, update_list(parent=self), per_page=self.PER_PAGE)
        return context

    search_summary_field = "introduction"


class UpdatePage(BasePage):
    """A progress update, like the paper that started the hub."""

    search_kind_label = "Update"

    date = models.DateField(default=timezone.localdate, help_text="The date of the update.")
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in lists and search results."
    )
    author = models.CharField(
        max_length=200, blank=True, help_text="Who wrote it, for example a team or a division."
    )
    body = StreamField(ContentStreamBlock())
    goals = ParentalManyToManyField(
        StrategyGoal, blank=True, related_name="updates", verbose_name="strategy goals touched"
    )
    themes = ParentalManyToManyField("themes.Theme", blank=True, related_name="updates")

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("author"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("goals", widget=forms.CheckboxSelectMultiple),
                FieldPanel("themes", widget=ThemeCheckboxSelectMultiple),
            ],
            heading="Tagging",
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("author"),
        APIField("body"),
        APIField("goals", serializer=GoalListField()),
        APIField("themes", serializer=ThemeListField()),
    ]

    parent_page_types = ["cms.UpdateIndexPage"]
    subpage_types = []
    template = "pages/update_page.html"

    @classmethod
    def api_queryset(cls, queryset):
        return queryset.prefetch_related(_theme_prefetch(), "goals")

    def search_summary(self) -> str:
        return plain_text(self.summary)

    def search_body(self) -> str:
        return stream_text(self.body)

    def search_theme_ids(self) -> list[int]:
        return [theme.pk for theme in self.themes.all()]

    def search_date(self):
        return self.date


# --- Standard ---------------------------------------------------------------------------------


class StandardPage(BasePage):
    """Guidance and resources: rich text, headings, call-outs, tables, documents, media."""

    introduction = models.CharField(
        max_length=300, blank=True, help_text="Shown in large text under the title."
    )
    body = StreamField(ContentStreamBlock())

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("introduction"), APIField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage", "cms.StrategyPage"]
    subpage_types = ["cms.StandardPage"]
    template = "pages/standard_page.html"

    @cached_property
    def section_pages(self):
        """Live, public pages below this one, for a contents list."""
        return list(self.get_children().live().public())

    search_summary_field = "introduction"

    def search_body(self) -> str:
        return stream_text(self.body)
