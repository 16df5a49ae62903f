"""Factories for the search tests: groups on the register and plain published pages."""

import factory
from factory.django import DjangoModelFactory

from cms.editorial.models import Organisation
from intake.models import Audience, Region, UserGroup
from themes.models import Theme


def _by_slug(model, slugs):
    return list(model.objects.filter(slug__in=slugs))


class UserGroupFactory(DjangoModelFactory):
    class Meta:
        model = UserGroup
        skip_postgeneration_save = True

    name = factory.Faker("catch_phrase")
    slug = factory.Sequence(lambda n: f"group-{n}")
    summary = factory.Faker("sentence", nb_words=10)
    description = factory.Faker("paragraph", nb_sentences=3)
    administering_body = factory.LazyFunction(lambda: Organisation.objects.get(slug="ons"))
    membership = UserGroup.Membership.OPEN
    meeting_frequency = UserGroup.Frequency.QUARTERLY
    format = UserGroup.Format.ONLINE
    contact_name = factory.Faker("name")
    contact_email = factory.Faker("email")
    status = UserGroup.Status.LISTED

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(_by_slug(Theme, extracted))

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.producing_organisations.set(_by_slug(Organisation, extracted))

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(_by_slug(Region, extracted))

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(_by_slug(Audience, extracted))
