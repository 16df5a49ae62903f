from django import template

from intake.meetings import selectors

register = template.Library()


@register.inclusion_tag("meetings/includes/group_meetings.html")
def group_meetings(group):
    """The group page's upcoming and past meetings."""
    return {"group": group, "meetings": selectors.group_meetings(group_id=group.id)}


@register.inclusion_tag("meetings/includes/manage_meetings.html")
def manage_meetings(group, token):
    """The manage page's list of the group's meetings, with links to change them."""
    return {
        "group": group,
        "token": token,
        "meetings": list(selectors.group_meetings_for_contact(group_id=group.id)[:50]),
    }
