"""Signed links in alert emails, made and checked like every other link the hub sends
(``intake.submissions.tokens``). Unsubscribe links never expire: leaving must always work."""

from intake.submissions.tokens import link_for


def confirm_link(*, public_id, theme_ids, group_ids, frequency) -> str:
    """The choices travel in the link, so only the owner of the address can change them."""
    payload = {
        "f": str(public_id),
        "t": sorted(theme_ids),
        "g": sorted(group_ids),
        "q": frequency,
    }
    return link_for(url_name="alerts:confirm", purpose="follow-confirm", payload=payload)


def manage_link(*, public_id) -> str:
    return link_for(url_name="alerts:manage", purpose="follow-manage", payload=str(public_id))


def unsubscribe_link(*, public_id) -> str:
    return link_for(url_name="alerts:unsubscribe", purpose="unsubscribe", payload=str(public_id))
