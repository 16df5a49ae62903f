"""Blocks for the top tips page: an ordered list, numbered the same way in the page and API."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


def validate_hub_link(value: str) -> None:
    """A path inside the hub ("/strategy/") or a full web address ("https://...")."""
    if value.startswith("/") and not value.startswith("//") and " " not in value:
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            "Enter a web address like https://www.gov.uk, or a page of the hub like /strategy/.",
            code="invalid",
        ) from None


class HubLinkBlock(blocks.FieldBlock):
    """A link to a page of the hub by its path, or to another site by its full address."""

    def __init__(self, required=True, help_text=None, max_length=500, **kwargs):
        self.field = forms.CharField(
            required=required,
            help_text=help_text,
            max_length=max_length,
            validators=[validate_hub_link],
        )
        super().__init__(**kwargs)

    def get_prep_value(self, value):
        return (value or "").strip()

    class Meta:
        icon = "link"


class TipBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])
    example = blocks.TextBlock(
        required=False, help_text="Optional: a short example of the tip in practice."
    )
    link_url = HubLinkBlock(
        required=False,
        label="Link",
        help_text="A page of the hub, like /strategy/, or a full web address.",
    )
    link_text = blocks.CharBlock(
        required=False, max_length=120, help_text="What the link is, for example 'Read the guide'."
    )

    class Meta:
        icon = "help"
        template = "blocks/tip_block.html"
        label_format = "{title}"

    def clean(self, value):
        value = super().clean(value)
        if value["link_url"] and not value["link_text"]:
            raise StructBlockValidationError(
                block_errors={"link_text": ValidationError("Enter the text of the link.")}
            )
        return value

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        link = None
        if value["link_url"]:
            link = {"url": value["link_url"], "text": value["link_text"]}
        return {
            "title": representation["title"],
            "body": representation["body"],
            "example": representation["example"],
            "link": link,
        }


class TipsStreamBlock(blocks.StreamBlock):
    """Tips in the order editors set; each tip carries its number in the API."""

    tip = TipBlock()

    class Meta:
        min_num = 1

    def get_api_representation(self, value, context=None):
        items = super().get_api_representation(value, context)
        for number, item in enumerate(items, start=1):
            item["value"] = {"number": number, **item["value"]}
        return items
