"""A group listing's fields, defined once, from the model.

Which fields are plain values and which relate to other records (read from the model), which
the contact may edit, and which an editor must see before they change a listed group. Then the
one stored form of a listing's values (ids for related records, ISO text for times) that edits,
proposed changes, imports and the admin's comparison of a change all read and write.
"""

from datetime import datetime

from django.db.models import Model

from intake.models import UserGroup

# The values a contact types. A group's next meeting is not among them: it is derived from its
# meetings (``intake.meetings.services.group_next_meeting_refresh``), never typed.
PLAIN_FIELDS = [
    "name",
    "summary",
    "description",
    "membership",
    "how_to_join",
    "meeting_frequency",
    "format",
    "website",
    "contact_name",
    "contact_email",
    "contact_email_public",
]
# The listing's many-to-many fields and the records each chooses from (themes, producing
# organisations, places, audiences).
RELATIONS: dict[str, type[Model]] = {
    field.name: field.related_model for field in UserGroup._meta.many_to_many
}
# What a contact may change from the manage page (the address itself changes by handover).
EDITABLE_FIELDS = [
    *(f for f in PLAIN_FIELDS if f != "contact_email"),
    "administering_body",
    *RELATIONS,
]
# What a listing shows of itself, in the form's order: the edit form starts from these and the
# JSON API returns them (the contact's address and whether it is shown stay out).
SHOWN_FIELDS = [
    "name",
    "summary",
    "description",
    "themes",
    "producing_organisations",
    "administering_body",
    "membership",
    "how_to_join",
    "meeting_frequency",
    "format",
    "regions",
    "audiences",
    "website",
    "contact_name",
]
# Edits to these on a listed group wait for an editor; the listed version stays public meanwhile.
MATERIAL_FIELDS = [
    "name",
    "summary",
    "description",
    "themes",
    "producing_organisations",
    "administering_body",
    "membership",
    "how_to_join",
    "website",
]


def field_length(field: str) -> int:
    """The longest value the database keeps for a text field of the listing."""
    return UserGroup._meta.get_field(field).max_length


def stored_value(field: str, value):
    """A value as a form or the API gives it (records, times), in its stored form."""
    if field in RELATIONS:
        return sorted(obj.pk for obj in value)
    if field == "administering_body":
        return value.pk if value else None
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def sent_value(group: UserGroup, field: str):
    """The group's value for a field as the form and the API send it: related records by slug."""
    if field in RELATIONS:
        return [obj.slug for obj in getattr(group, field).all()]
    if field == "administering_body":
        return group.administering_body.slug
    return getattr(group, field)


def readable_value(group: UserGroup, field: str):
    """The group's value for a field as a person reads it: related records by name, choices by
    their label (the open-data download)."""
    if field in RELATIONS:
        return [obj.name for obj in getattr(group, field).all()]
    if field == "administering_body":
        return group.administering_body.name
    if UserGroup._meta.get_field(field).choices:
        return getattr(group, f"get_{field}_display")()
    return getattr(group, field)


def current_value(group: UserGroup, field: str):
    """The group's value for a field, in its stored form."""
    if field in RELATIONS:
        return sorted(obj.pk for obj in getattr(group, field).all())
    if field == "administering_body":
        return group.administering_body_id
    value = getattr(group, field)
    return value.isoformat() if isinstance(value, datetime) else value


def apply_values(group: UserGroup, values: dict) -> None:
    """Set stored values on the group, save it, then its many-to-many fields."""
    relations = {}
    for field, value in values.items():
        if field in RELATIONS:
            relations[field] = value
        elif field == "administering_body":
            group.administering_body_id = value
        elif field == "next_meeting":
            continue  # in changes proposed before it was derived from the meetings
        else:
            setattr(group, field, value if value is not None else "")
    group.save()
    for field, ids in relations.items():
        getattr(group, field).set(RELATIONS[field].objects.filter(pk__in=ids))
