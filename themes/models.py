"""The statistical theme taxonomy: the ONS topic tree."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class ThemeQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class Theme(index.Indexed, models.Model):
    """A node in the theme tree. Selecting a theme includes its descendants."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    sort_order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")

    objects = ThemeQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("themes:detail", kwargs={"slug": self.slug})

    def clean(self):
        if not self.slug:
            self.slug = slugify(self.name)
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "A theme cannot sit under itself."})
            ancestor = ancestor.parent

    @property
    def depth(self) -> int:
        return len(self.ancestors())

    def ancestors(self) -> list["Theme"]:
        """From the top of the tree down to (not including) this theme."""
        chain, node = [], self.parent
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        return chain
