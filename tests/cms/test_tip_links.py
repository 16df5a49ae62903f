"""A tip's link: a page of the hub by its path, or another site by its full address."""

from django.core.exceptions import ValidationError

import pytest

from cms.editorial.blocks.tips import HubLinkBlock


@pytest.mark.parametrize(
    "value", ["/strategy/", "/case-studies/?theme=economy", "https://www.gov.uk/guidance", ""]
)
def test_hub_paths_and_web_addresses_are_accepted(value):
    assert HubLinkBlock(required=False).clean(value) == value


@pytest.mark.parametrize(
    "value", ["//evil.example/", "javascript:alert(1)", "strategy", "/a path/", "ftp://x.example"]
)
def test_other_values_are_refused_with_a_message_saying_what_to_enter(value):
    with pytest.raises(ValidationError) as error:
        HubLinkBlock(required=False).clean(value)
    assert "like https://www.gov.uk, or a page of the hub like /strategy/" in str(error.value)
