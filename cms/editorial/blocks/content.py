"""Blocks for guidance and resources: the body of standard pages and progress updates."""

import uuid

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.text import slugify

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import (
    TypedTableBlock,
    TypedTableBlockValidationError,
)
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.blocks import ImageChooserBlock

# Rich text in the body: headings come from HeadingBlock so they get anchors and a fixed order.
BODY_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading. Level 2 for sections, level 3 inside a section."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (level 2)"), ("h3", "Subsection (level 3)")],
        default="h2",
        help_text="Keep headings in order: a level 3 heading sits under a level 2 heading.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label_format = "{text}"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["anchor"] = slugify(value["text"])
        return context

    def get_api_representation(self, value, context=None):
        return {
            "text": value["text"],
            "level": int(value["level"][1]),
            "anchor": slugify(value["text"]),
        }


class CalloutBlock(blocks.StructBlock):
    """Text that stands out: an inset, a warning or an important notice."""

    style = blocks.ChoiceBlock(
        choices=[
            ("inset", "Inset text: something the reader should note"),
            ("warning", "Warning: something the reader must do or avoid"),
            ("important", "Important notice: a banner with a title"),
        ],
        default="inset",
    )
    title = blocks.CharBlock(
        required=False, max_length=120, help_text="Shown as the banner title of notices."
    )
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "document-link", "ul"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Notices are labelled by their title element, which needs an id unique on the page.
        context["notice_id"] = f"notice-{uuid.uuid4().hex[:8]}"
        return context


class TableBlock(TypedTableBlock):
    """A table of text and numbers with a caption (screen readers announce it)."""

    text = blocks.CharBlock(required=False)
    number = blocks.DecimalBlock(required=False)
    rich_text = blocks.RichTextBlock(features=["bold", "italic", "link"], required=False)

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"

    def clean(self, value):
        value = super().clean(value)
        if value.columns and not (value.caption or "").strip():
            raise TypedTableBlockValidationError(
                non_block_errors=[ValidationError("Add a caption that says what the table shows.")]
            )
        return value


class DocumentBlock(blocks.StructBlock):
    """A link to a document, with its type and size, as GOV.UK attachments show them."""

    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=200, help_text="Leave blank to use the document's own title."
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"

    def get_api_representation(self, value, context=None):
        document = value["document"]
        if document is None:
            return None
        return {
            "id": document.id,
            "title": value["title"] or document.title,
            "url": document.url,
            "file_extension": document.file_extension,
            "file_size": document.get_file_size(),
        }


class ImageBlock(blocks.StructBlock):
    """An image with the alt text this use of it needs. Alt text is required."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"

    @cached_property
    def rendition_field(self):
        return ImageRenditionField("max-1280x1280")

    def get_api_representation(self, value, context=None):
        image = value["image"]
        if image is None:
            return None
        rendition = self.rendition_field.to_representation(image)
        if "error" not in rendition:
            rendition["alt"] = value["alt_text"]
        return {
            "id": image.id,
            "alt_text": value["alt_text"],
            "caption": value["caption"],
            "rendition": rendition,
        }


class EmbedBlock(blocks.StructBlock):
    """A video or other media from a provider the Content Security Policy allows."""

    media = WagtailEmbedBlock(help_text="A YouTube or Vimeo address.")
    title = blocks.CharBlock(
        max_length=200, help_text="What the media is, for screen readers and the transcript link."
    )
    transcript_url = blocks.URLBlock(required=False, label="Transcript link")

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"

    def get_api_representation(self, value, context=None):
        media = value["media"]
        return {
            "url": media.url if media else "",
            "title": value["title"],
            "transcript_url": value["transcript_url"],
        }


class ContentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=BODY_FEATURES, icon="pilcrow")
    callout = CalloutBlock()
    table = TableBlock()
    document = DocumentBlock()
    image = ImageBlock()
    embed = EmbedBlock()

    class Meta:
        template = "blocks/content_stream_block.html"
