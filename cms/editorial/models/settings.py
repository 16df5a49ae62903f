"""Site-wide settings editors change in the admin."""

from django.db import models
from django.db.models import Prefetch

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


@register_setting(icon="cog")
class HubSettings(BaseSiteSetting, ClusterableModel):
    contact_email = models.EmailField(default="user.engagement@statistics.example")
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_address = models.TextField(blank=True)
    privacy_notice_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_notice_version = models.CharField(
        max_length=20,
        default="2026-01",
        help_text="Change this when the privacy notice changes; consent records store it.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            heading="Contact details",
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_notice_page"), FieldPanel("privacy_notice_version")],
            heading="Privacy",
        ),
        InlinePanel("footer_links", label="Footer links"),
    ]

    # Every page shows the footer: the privacy notice page and the footer links with their pages
    # come with the settings, two queries in all however many links there are.
    select_related = ["privacy_notice_page"]

    class Meta:
        verbose_name = "Hub settings"

    @classmethod
    def base_queryset(cls):
        return (
            super()
            .base_queryset()
            .prefetch_related(
                Prefetch("footer_links", queryset=FooterLink.objects.select_related("page"))
            )
        )


class FooterLink(Orderable):
    settings = ParentalKey(HubSettings, on_delete=models.CASCADE, related_name="footer_links")
    label = models.CharField(max_length=80)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(blank=True, help_text="Used when no page is chosen.")

    panels = [FieldPanel("label"), FieldPanel("page"), FieldPanel("url")]

    @property
    def href(self) -> str:
        return self.page.url if self.page_id else self.url
