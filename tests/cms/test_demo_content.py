"""`manage.py load_demo_content`: a believable hub, and running it twice changes nothing."""

from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.test import override_settings

from wagtail.models import Page, Revision, Site

import pytest

from cms.editorial.demo import demo_loaders
from cms.editorial.models import (
    CaseStudyPage,
    Champion,
    ChampionsPage,
    FooterLink,
    HubSettings,
    StandardPage,
    StrategyPage,
    TopTipsPage,
    UpdatePage,
)
from intake.demo import load_demo_groups
from intake.engagement.demo import load_demo_engagement
from intake.meetings.demo import load_demo_meetings

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Row counts of every model plus each page's latest revision: what a second run must keep."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }
    counts["revisions"] = list(
        Page.objects.order_by("pk").values_list("pk", "latest_revision_id", "live")
    )
    return counts


@pytest.fixture
def demo(home_page):
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def test_second_run_changes_nothing(demo):
    before = snapshot()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert snapshot() == before
    assert "nothing changed" in out.getvalue()
    assert "already there" in out.getvalue()


def test_prints_progress(demo):
    assert "+ strategy page: User Engagement Strategy for Statistics" in demo
    assert "+ champions:" in demo
    assert "User groups:" in demo
    assert "Demo content loaded" in demo


def test_builds_the_hub_from_the_strategy(demo, home_page):
    strategy = StrategyPage.objects.get()
    goals = [block.value for block in strategy.goals]
    assert [goal["goal"] for goal in goals] == [
        "collaborate",
        "build_capability",
        "strengthen_culture",
    ]
    phase_one = [d for goal in goals for d in goal["deliverables"] if d["phase"] == "1"]
    assert len(phase_one) >= 6
    assert {d["title"] for d in phase_one} >= {
        "A network of user engagement champions",
        "An audit of user groups and forums",
        "10 top tips for user engagement",
    }
    assert len(list(strategy.phases)) == 3

    assert len(TopTipsPage.objects.get().numbered_tips()) == 10

    case_studies = CaseStudyPage.objects.live().prefetch_related("themes")
    assert case_studies.count() >= 6
    top_level_themes = {
        (theme.ancestors() or [theme])[0].slug
        for study in case_studies
        for theme in study.themes.all()
    }
    assert len(top_level_themes) >= 3
    assert all(study.organisation_id for study in case_studies)

    assert Champion.objects.filter(is_listed=True).count() >= 12
    assert Champion.objects.values("organisation").distinct().count() >= 12
    assert ChampionsPage.objects.live().count() == 1
    assert UpdatePage.objects.live().count() == 3


def test_every_page_is_published_with_a_revision(demo):
    for page in Page.objects.filter(depth__gt=1).specific():
        assert page.live, page.title
        assert not page.has_unpublished_changes, page.title
        assert page.latest_revision_id, page.title
        assert page.first_published_at, page.title
    assert Revision.objects.filter(approved_go_live_at__isnull=False).count() == 0


def test_settings_link_privacy_notice_and_footer(demo, client):
    site = Site.objects.get(is_default_site=True)
    hub_settings = HubSettings.for_site(site)
    assert isinstance(hub_settings.privacy_notice_page.specific, StandardPage)
    assert hub_settings.privacy_notice_page.title == "Privacy notice"
    labels = list(FooterLink.objects.filter(settings=hub_settings).values_list("label", flat=True))
    assert labels == ["About the hub", "Accessibility statement"]
    body = client.get("/").content.decode()
    assert 'href="/privacy/">Privacy notice</a>' in body
    assert "About the hub" in body


def test_demo_pages_render(demo, client):
    for page in Page.objects.filter(depth__gt=2).live():
        assert client.get(page.url).status_code == 200, page.url


def test_an_editors_change_survives_a_second_run(demo):
    strategy = StrategyPage.objects.get()
    strategy.title = "Our strategy"
    strategy.save_revision().publish()
    call_command("load_demo_content", stdout=StringIO())
    assert StrategyPage.objects.get().title == "Our strategy"


def test_loads_every_apps_demo_records_after_the_pages(home_page, monkeypatch):
    """Each app registers its demo loader; the command calls each once, groups before the
    meetings and requests that need them."""
    calls = []
    loaders = [
        (heading, lambda *, stdout=None, load=load: calls.append((load, stdout)) or 0)
        for heading, load in demo_loaders()
    ]
    monkeypatch.setattr(
        "cms.editorial.management.commands.load_demo_content.demo_loaders", lambda: loaders
    )
    call_command("load_demo_content", stdout=StringIO())
    assert [load for load, _ in calls] == [
        load_demo_groups,
        load_demo_engagement,
        load_demo_meetings,
    ]
    assert all(stdout is not None for _, stdout in calls)


@override_settings(DEBUG=True)  # bootstrap_dev also creates the development admin
def test_bootstrap_brings_a_stale_search_index_in_line(demo):
    """After an update whose migration asks for documents to be prepared again, `make run`
    repairs the index instead of leaving searches on the old documents."""
    from search.models import IndexedDocument

    # The demo content's index work waits for a commit that never comes in a test: index it.
    call_command("search_consistency", repair=True, stdout=StringIO())
    stale = IndexedDocument.objects.update(content_hash="")
    assert stale > 0
    out = StringIO()
    call_command("bootstrap_dev", stdout=out, verbosity=0)
    assert "database: repaired." in out.getvalue()
    check = StringIO()
    call_command("search_consistency", stdout=check)
    assert "database: no drift." in check.getvalue()
