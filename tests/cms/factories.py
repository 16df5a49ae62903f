"""Factories for editorial content. Page factories need a ``parent`` page."""

import uuid

from django.utils import timezone
from django.utils.text import slugify

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from cms.editorial.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    Champion,
    ChampionsPage,
    HomePage,
    Organisation,
    StandardPage,
    StrategyGoal,
    StrategyPage,
    TopTipsPage,
    UpdateIndexPage,
    UpdatePage,
)


def raw_block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def rich(text: str) -> str:
    return f"<p>{text}</p>"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Department of Test Statistics {n}")
    abbreviation = factory.Sequence(lambda n: f"DTS{n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.abbreviation))
    website = factory.Faker("url")


class ChampionFactory(DjangoModelFactory):
    class Meta:
        model = Champion
        skip_postgeneration_save = True

    name = factory.Faker("name")
    role = factory.Faker("job")
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Faker("email", domain="champions.example")
    show_email = True
    bio = factory.Faker("sentence")
    is_listed = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            self.save()


class HubPageFactory(wagtail_factories.PageFactory):
    """Live pages with a first-published date, as the public site and API see them."""

    class Meta:
        abstract = True

    title = factory.Faker("sentence", nb_words=4)
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.title)[:40]}-{n}")
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyFunction(timezone.now)


class M2MMixin:
    """Set ParentalManyToMany fields (``themes=[...]``, ``goals=[...]``) before saving."""

    m2m_fields = ("themes", "goals")

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        m2m = {name: kwargs.pop(name) for name in cls.m2m_fields if name in kwargs}
        instance = model_class(**kwargs)
        for name, values in m2m.items():
            if name == "goals" and values and isinstance(values[0], str):
                values = list(StrategyGoal.objects.filter(code__in=values))
            getattr(instance, name).set(values)
        parent.add_child(instance=instance)
        return instance


class StrategyPageFactory(HubPageFactory):
    class Meta:
        model = StrategyPage

    introduction = factory.Faker("sentence")
    vision = "User engagement is second nature for all producers of statistics."
    goals = factory.LazyFunction(
        lambda: [
            raw_block(
                "goal",
                {
                    "goal": "collaborate",
                    "title": "Goal 1: collaborate",
                    "summary": "Work across boundaries.",
                    "deliverables": [
                        raw_block(
                            "item",
                            {
                                "title": "Champions network",
                                "description": "A champion in every department.",
                                "phase": "1",
                                "status": "done",
                                "due_date": "2021-09-30",
                            },
                        ),
                        raw_block(
                            "item",
                            {
                                "title": "The USER hub",
                                "description": "A register of groups.",
                                "phase": "2",
                                "status": "in_progress",
                                "due_date": None,
                            },
                        ),
                    ],
                },
            )
        ]
    )
    phases = factory.LazyFunction(
        lambda: [
            raw_block(
                "phase",
                {
                    "title": "Phase 1: build momentum",
                    "start_date": "2021-02-22",
                    "end_date": "2022-03-31",
                    "status": "done",
                    "summary": "Champions, audit, top tips.",
                },
            )
        ]
    )


def tip(title: str, example: str = "", link_url: str = "", link_text: str = "") -> dict:
    return raw_block(
        "tip",
        {
            "title": title,
            "body": rich(f"Body of {title}."),
            "example": example,
            "link_url": link_url,
            "link_text": link_text,
        },
    )


class TopTipsPageFactory(HubPageFactory):
    class Meta:
        model = TopTipsPage

    introduction = rich("Quick wins.")
    tips = factory.LazyFunction(
        lambda: [
            tip("Know your users", example="A road safety charity."),
            tip("Ask before you change", link_url="https://example.org/", link_text="Guide"),
        ]
    )


class CaseStudyIndexPageFactory(HubPageFactory):
    class Meta:
        model = CaseStudyIndexPage

    title = "Case studies"
    introduction = rich("Examples of effective engagement.")


class CaseStudyPageFactory(M2MMixin, HubPageFactory):
    class Meta:
        model = CaseStudyPage

    summary = factory.Faker("sentence")
    organisation = factory.SubFactory(OrganisationFactory)
    task = factory.LazyFunction(lambda: rich("The task we faced."))
    approach = factory.LazyFunction(lambda: rich("How we approached it."))
    outcome = factory.LazyFunction(lambda: rich("What changed for users."))
    lessons = factory.LazyFunction(lambda: rich("What we learnt."))
    contact_name = factory.Faker("name")
    contact_email = factory.Faker("email", domain="producer.example")


class ChampionsPageFactory(HubPageFactory):
    class Meta:
        model = ChampionsPage

    title = "Champions"
    introduction = rich("Find a champion.")
    body = rich("About the network.")


class UpdateIndexPageFactory(HubPageFactory):
    class Meta:
        model = UpdateIndexPage

    title = "Updates"
    introduction = rich("Progress updates.")


class UpdatePageFactory(M2MMixin, HubPageFactory):
    class Meta:
        model = UpdatePage

    date = factory.Faker("date_between", start_date="-2y", end_date="today")
    summary = factory.Faker("sentence")
    author = "Project team"
    body = factory.LazyFunction(lambda: [raw_block("paragraph", rich("Progress this quarter."))])


class StandardPageFactory(HubPageFactory):
    class Meta:
        model = StandardPage

    introduction = factory.Faker("sentence")
    body = factory.LazyFunction(
        lambda: [
            raw_block("heading", {"text": "Section one", "level": "h2"}),
            raw_block("paragraph", rich("Guidance text.")),
        ]
    )


class HomePageFactory(HubPageFactory):
    class Meta:
        model = HomePage
