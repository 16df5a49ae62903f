"""Factories for engagement requests, champions and sign-ups. Organisations and themes come
from the seed migrations."""

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from cms.editorial.models import Champion, Organisation
from intake.engagement.models import ChampionSignup, EngagementRequest, SuccessStory
from intake.engagement.references import reference_generate
from themes.models import Theme


def organisation(slug: str = "ons") -> Organisation:
    return Organisation.objects.get(slug=slug)


def theme(slug: str = "health-and-social-care") -> Theme:
    return Theme.objects.get(slug=slug)


class ChampionFactory(DjangoModelFactory):
    class Meta:
        model = Champion

    name = factory.Faker("name", locale="en_GB")
    role = factory.Faker("job", locale="en_GB")
    organisation = factory.LazyFunction(organisation)
    email = factory.Sequence(lambda n: f"champion{n}@ons.example.gov.uk")
    is_listed = True


class EngagementRequestFactory(DjangoModelFactory):
    class Meta:
        model = EngagementRequest

    reference = factory.LazyFunction(reference_generate)
    organisation = factory.LazyFunction(organisation)
    theme = factory.LazyFunction(theme)
    statistics = factory.Faker("sentence", nb_words=5, locale="en_GB")
    kind = EngagementRequest.Kind.NEW_DATA
    description = factory.Faker("paragraph", locale="en_GB")
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"requester{n}@example.org")
    consent_to_publish = True
    consent_given_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "2026-01"


class ChampionSignupFactory(DjangoModelFactory):
    class Meta:
        model = ChampionSignup

    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"signup{n}@dwp.example.gov.uk")
    role = factory.Faker("job", locale="en_GB")
    organisation = factory.LazyFunction(lambda: organisation("dwp"))
    consent_given_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "2026-01"


class SuccessStoryFactory(DjangoModelFactory):
    class Meta:
        model = SuccessStory

    title = factory.Faker("sentence", nb_words=6, locale="en_GB")
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"story{n}@example.org")
    consent_given_at = factory.LazyFunction(timezone.now)
