"""Factories for the group register. Reference data (themes, organisations, regions, audiences)
comes from the seed migrations."""

from datetime import timedelta

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from cms.editorial.models import Organisation
from intake.models import Audience, GroupChange, Membership, Region, UserGroup
from themes.models import Theme


class UserGroupFactory(DjangoModelFactory):
    class Meta:
        model = UserGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test group {n} for {['ports', 'rail', 'orchards'][n % 3]}")
    slug = factory.Sequence(lambda n: f"test-group-{n}")
    summary = factory.Faker("sentence", locale="en_GB")
    description = factory.Faker("paragraph", locale="en_GB")
    administering_body = factory.LazyFunction(lambda: Organisation.objects.get(slug="ons"))
    membership = UserGroup.Membership.OPEN
    how_to_join = "We will send you the meeting link."
    meeting_frequency = UserGroup.Frequency.QUARTERLY
    format = UserGroup.Format.ONLINE
    contact_name = factory.Faker("name", locale="en_GB")
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.gov.uk")
    status = UserGroup.Status.LISTED
    email_verified_at = factory.LazyFunction(timezone.now)
    consent_given_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "2026-01"
    last_confirmed_at = factory.LazyFunction(timezone.now)
    next_meeting = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted or [Theme.objects.get(slug="construction-industry")])

    @factory.post_generation
    def producing_organisations(self, create, extracted, **kwargs):
        if create:
            self.producing_organisations.set(extracted or [Organisation.objects.get(slug="ons")])

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create:
            self.regions.set(extracted or [Region.objects.get(slug="united-kingdom")])

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create:
            self.audiences.set(extracted or [Audience.objects.first()])


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(UserGroupFactory)
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    organisation = factory.Faker("company", locale="en_GB")
    hopes = factory.Faker("sentence", locale="en_GB")
    status = Membership.Status.ACTIVE
    consent_given_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "2026-01"


class GroupChangeFactory(DjangoModelFactory):
    class Meta:
        model = GroupChange

    group = factory.SubFactory(UserGroupFactory)
    data = factory.LazyAttribute(lambda o: {"name": f"{o.group.name} (renamed)"})
