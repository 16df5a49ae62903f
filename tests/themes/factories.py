from django.utils.text import slugify

import factory
from factory.django import DjangoModelFactory

from themes.models import Theme


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Test theme {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = factory.Faker("sentence")
    parent = None
    sort_order = factory.Sequence(lambda n: n)
