"""Reusable records editors manage as snippets: organisations and champions."""

from django.db import models
from django.utils.text import slugify

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from themes.widgets import ThemeCheckboxSelectMultiple


def admin_column(label):
    """Give a model method a column heading for admin listings."""

    def decorator(func):
        func.short_description = label
        return func

    return decorator


class Organisation(index.Indexed, models.Model):
    """A producer body of the Government Statistical Service (ONS, DHSC, ...)."""

    name = models.CharField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=30, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("abbreviation"),
        FieldPanel("slug"),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("abbreviation"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.abbreviation or self.name)
        super().save(*args, **kwargs)


class Champion(index.Indexed, ClusterableModel):
    """A user engagement champion, listed on the champions page once approved."""

    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="champions"
    )
    themes = ParentalManyToManyField("themes.Theme", blank=True, related_name="champions")
    email = models.EmailField(help_text="Shown publicly only if 'Show email' is ticked.")
    show_email = models.BooleanField(default=False)
    bio = models.TextField(blank=True, help_text="A sentence or two about their work.")
    is_listed = models.BooleanField(
        default=True, help_text="Listed champions appear on the champions page."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("themes", widget=ThemeCheckboxSelectMultiple),
        FieldPanel("email"),
        FieldPanel("show_email"),
        FieldPanel("bio"),
        FieldPanel("is_listed"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("role"),
        index.FilterField("is_listed"),
        index.FilterField("organisation_id"),
    ]

    class Meta:
        ordering = ["organisation__name", "name"]

    def __str__(self):
        return f"{self.name}, {self.role}"

    @property
    def public_email(self) -> str:
        return self.email if self.show_email else ""

    @admin_column("Themes")
    def theme_names(self) -> str:
        """Comma-separated theme names; list views prefetch ``themes``."""
        return ", ".join(theme.name for theme in self.themes.all())
