from datetime import timedelta

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from intake.meetings.models import Meeting
from intake.models import UserGroup
from tests.intake.factories import UserGroupFactory


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(UserGroupFactory)
    title = factory.Sequence(lambda n: f"Quarterly meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    format = UserGroup.Format.ONLINE
    joining_instructions = factory.Faker("url")
    agenda = factory.Faker("paragraph", locale="en_GB")
