"""Serializer fields for Wagtail's API v2: related records as small, readable objects."""

from wagtail.images.api.fields import ImageRenditionField

from rest_framework import serializers

from cms.api_schemas import organisation_ref, theme_ref


class ThemeListField(serializers.Field):
    """A many-to-many of themes, read through any prefetch."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [theme_ref(theme, self.context.get("request")) for theme in manager.all()]


class GoalListField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [{"code": goal.code, "name": goal.name} for goal in manager.all()]


class OrganisationField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, organisation):
        return organisation_ref(organisation)


class FeaturedThemesField(serializers.Field):
    """The home page's ordered featured themes (through its inline rows)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [theme_ref(link.theme, self.context.get("request")) for link in manager.all()]


class ImageWithAltTextField(serializers.Field):
    """An image foreign key and the alt text stored beside it (``<field>_alt_text``), in the
    shape the image blocks give: ``{"id", "alt_text", "rendition"}``, or null without an image.
    """

    def __init__(self, filter_spec: str, *, alt_text_field: str = "", **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")  # the alt text lives on the page, not the image
        super().__init__(**kwargs)
        self.rendition_field = ImageRenditionField(filter_spec)
        self.alt_text_field = alt_text_field

    def to_representation(self, instance):
        image = getattr(instance, self.field_name)
        if image is None:
            return None
        alt_text = getattr(instance, self.alt_text_field or f"{self.field_name}_alt_text")
        rendition = self.rendition_field.to_representation(image)
        if "error" not in rendition:
            rendition["alt"] = alt_text
        return {"id": image.id, "alt_text": alt_text, "rendition": rendition}
