"""Editorial page types. The API contract lives next to each model's panels."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    """Shared behaviour for every hub page."""

    show_in_menus_default = True

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The hub's front door."""

    introduction = models.CharField(
        max_length=300,
        default="Find user groups and forums for UK official statistics by theme.",
        help_text="One or two sentences under the title saying what the hub is for.",
    )
    purpose = RichTextField(features=["bold", "italic", "link", "ul"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("purpose")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    api_fields = [APIField("introduction"), APIField("purpose")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/home_page.html"
