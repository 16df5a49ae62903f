"""Block rules editors meet in the admin, and the rich-text filter used by every template."""

from django.core.exceptions import ValidationError

import pytest

from cms.editorial.blocks import ImageBlock, TableBlock, TipBlock
from cms.editorial.templatetags.hub_tags import govuk_richtext


def test_table_needs_a_caption():
    block = TableBlock()
    value = block.to_python(
        {
            "caption": "",
            "columns": [{"type": "text", "heading": "Method"}],
            "rows": [{"values": ["Survey"]}],
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)
    value.caption = "Methods"
    assert block.clean(value).caption == "Methods"


def test_tip_link_needs_its_text():
    block = TipBlock()
    value = block.to_python(
        {
            "title": "T",
            "body": "<p>B</p>",
            "example": "",
            "link_url": "https://x.example/",
            "link_text": "",
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)


def test_image_alt_text_is_required():
    assert ImageBlock().child_blocks["alt_text"].required


@pytest.mark.django_db
def test_richtext_gets_govuk_classes():
    html = str(
        govuk_richtext(
            '<p>See <a href="https://x.example">this</a>.</p><ul><li>a</li></ul><h3>H</h3>'
        )
    )
    assert '<p class="govuk-body">See <a class="govuk-link" href="https://x.example">' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<h3 class="govuk-heading-m">H</h3>' in html
    assert str(govuk_richtext("<p>Lead</p>", "govuk-body-l")) == '<p class="govuk-body-l">Lead</p>'
    assert govuk_richtext(None) == ""


@pytest.mark.django_db
def test_richtext_expands_internal_page_links(home_page):
    html = str(govuk_richtext(f'<p><a linktype="page" id="{home_page.pk}">Home</a></p>'))
    assert 'href="/"' in html and "linktype" not in html
