"""Blocks for the top tips page: an ordered list, numbered the same way in the page and API."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class TipBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])
    example = blocks.TextBlock(
        required=False, help_text="Optional: a short example of the tip in practice."
    )
    link_url = blocks.URLBlock(required=False, label="Link")
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
