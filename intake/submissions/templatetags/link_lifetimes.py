"""How long a kind of signed link works, as pages and emails tell people: read from the links'
own lifetimes (``intake.submissions.tokens.MAX_AGE``), so the words change with them."""

from django import template

from intake.privacy.retention import period_text
from intake.submissions.tokens import link_lifetime_days

register = template.Library()


@register.simple_tag
def link_lifetime(purpose: str) -> str:
    """``{% link_lifetime "manage" %}`` is "14 days". A kind of link that never expires (such
    as "leave") has no lifetime to state: a template asking for one is a mistake."""
    days = link_lifetime_days(purpose)
    if days is None:
        raise template.TemplateSyntaxError(f"{purpose!r} links never expire: nothing to state")
    return period_text(days)
