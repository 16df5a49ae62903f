"""Build the demo hub. Every step creates what is missing and leaves what exists alone, so a
second run changes nothing (and never overwrites an editor's changes)."""

import uuid

from django.db import transaction

from wagtail.models import Page, Site

from cms.editorial.demo import content
from cms.editorial.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    Champion,
    ChampionsPage,
    FooterLink,
    HomePage,
    HomePageFeaturedTheme,
    HubSettings,
    Organisation,
    StandardPage,
    StrategyGoal,
    StrategyPage,
    TopTipsPage,
    UpdateIndexPage,
    UpdatePage,
)
from themes.models import Theme


class DemoContentError(Exception):
    pass


class DemoLoader:
    """Creates the demo pages and records, reporting each step to ``stdout``."""

    def __init__(self, *, stdout=None):
        self.stdout = stdout
        self.created = 0
        self._themes = {theme.slug: theme for theme in Theme.objects.all()}
        self._organisations = {org.slug: org for org in Organisation.objects.all()}
        self._goals = {goal.code: goal for goal in StrategyGoal.objects.all()}

    # --- helpers ---------------------------------------------------------------------------

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    def themes(self, slugs) -> list[Theme]:
        missing = [slug for slug in slugs if slug not in self._themes]
        if missing:
            raise DemoContentError(f"Unknown theme slugs in the demo content: {missing}")
        return [self._themes[slug] for slug in slugs]

    def organisation(self, slug) -> Organisation:
        try:
            return self._organisations[slug]
        except KeyError as exc:
            raise DemoContentError(f"Unknown organisation slug in the demo: {slug}") from exc

    def goals(self, codes) -> list[StrategyGoal]:
        return [self._goals[code] for code in codes]

    def child_page(self, parent: Page, model, *, slug: str, **fields):
        """The child of ``parent`` with this slug, created and published if missing."""
        existing = Page.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            page = existing.specific
            if not isinstance(page, model):
                raise DemoContentError(
                    f"{existing.url_path} exists but is a {type(page).__name__}, "
                    f"not a {model.__name__}."
                )
            self.say(f"  = {model._meta.verbose_name}: {page.title} (already there)")
            return page
        many_to_many = {
            field.name: fields.pop(field.name)
            for field in model._meta.many_to_many
            if field.name in fields
        }
        page = model(slug=slug, **fields)
        for name, values in many_to_many.items():
            getattr(page, name).set(values)
        parent.add_child(instance=page)
        # Publish directly: the demo bypasses the moderation workflow on purpose.
        page.save_revision(log_action=False).publish(log_action=False)
        self.created += 1
        self.say(f"  + {model._meta.verbose_name}: {page.title}")
        return page

    @staticmethod
    def stream(items) -> list[dict]:
        """Raw StreamField data with stable-looking block ids."""
        return [{"id": str(uuid.uuid4()), **item} for item in items]

    # --- steps -----------------------------------------------------------------------------

    def home(self) -> HomePage:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page.specific if site else None
        if not isinstance(home, HomePage):
            raise DemoContentError(
                "The default site's root is not a HomePage. Run `manage.py migrate` first."
            )
        if home.purpose:
            self.say(f"  = home page: {home.title} (already there)")
            return home
        home.introduction = content.HOME["introduction"]
        home.purpose = content.HOME["purpose"]
        home.search_description = content.HOME["introduction"]
        home.featured_theme_links = [
            HomePageFeaturedTheme(theme=theme, sort_order=order)
            for order, theme in enumerate(self.themes(content.HOME["featured_themes"]))
        ]
        home.save_revision(log_action=False).publish(log_action=False)
        self.created += 1
        self.say(f"  + home page: {home.title} (purpose and featured themes)")
        return home

    def strategy(self, home):
        data = content.STRATEGY
        goals = [
            {
                "type": "goal",
                "value": {
                    "goal": goal["goal"],
                    "title": goal["title"],
                    "summary": goal["summary"],
                    "deliverables": [
                        {
                            "type": "item",
                            "id": str(uuid.uuid4()),
                            "value": {
                                "title": title,
                                "description": description,
                                "phase": phase,
                                "status": status,
                                "due_date": due.isoformat() if due else None,
                            },
                        }
                        for title, description, phase, status, due in goal["deliverables"]
                    ],
                },
            }
            for goal in data["goals"]
        ]
        phases = [
            {
                "type": "phase",
                "value": {
                    "title": title,
                    "start_date": start.isoformat(),
                    "end_date": end.isoformat() if end else None,
                    "status": status,
                    "summary": summary,
                },
            }
            for title, start, end, status, summary in data["phases"]
        ]
        return self.child_page(
            home,
            StrategyPage,
            slug=data["slug"],
            title=data["title"],
            search_description=data["search_description"],
            introduction=data["introduction"],
            vision=data["vision"],
            goals=self.stream(goals),
            phases=self.stream(phases),
        )

    def top_tips(self, home):
        data = content.TOP_TIPS
        tips = [
            {
                "type": "tip",
                "value": {
                    "title": title,
                    "body": body,
                    "example": example,
                    "link_url": link_url,
                    "link_text": link_text,
                },
            }
            for title, body, example, link_url, link_text in data["tips"]
        ]
        return self.child_page(
            home,
            TopTipsPage,
            slug=data["slug"],
            title=data["title"],
            search_description=data["search_description"],
            introduction=data["introduction"],
            tips=self.stream(tips),
        )

    def case_studies(self, home):
        data = content.CASE_STUDY_INDEX
        index = self.child_page(
            home,
            CaseStudyIndexPage,
            slug=data["slug"],
            title=data["title"],
            search_description=data["search_description"],
            introduction=data["introduction"],
        )
        for study in content.CASE_STUDIES:
            self.child_page(
                index,
                CaseStudyPage,
                slug=study["slug"],
                title=study["title"],
                summary=study["summary"],
                organisation=self.organisation(study["organisation"]),
                themes=self.themes(study["themes"]),
                goals=self.goals(study["goals"]),
                task=study["task"],
                approach=study["approach"],
                outcome=study["outcome"],
                lessons=study["lessons"],
                contact_name=study["contact_name"],
                contact_email=study["contact_email"],
            )
        return index

    def champions(self, home):
        data = content.CHAMPIONS_PAGE
        page = self.child_page(
            home,
            ChampionsPage,
            slug=data["slug"],
            title=data["title"],
            search_description=data["search_description"],
            introduction=data["introduction"],
            body=data["body"],
        )
        added = 0
        for name, role, organisation_slug, theme_slugs, show_email, bio in content.CHAMPIONS:
            organisation = self.organisation(organisation_slug)
            if Champion.objects.filter(name=name, organisation=organisation).exists():
                continue
            first, _, last = name.lower().replace("'", "").partition(" ")
            champion = Champion(
                name=name,
                role=role,
                organisation=organisation,
                email=f"{first}.{last.replace(' ', '-')}@{organisation_slug}.example",
                show_email=show_email,
                bio=bio,
                is_listed=True,
            )
            champion.themes.set(self.themes(theme_slugs))
            champion.save()
            added += 1
        self.created += added
        self.say(f"  {'+' if added else '='} champions: {added} added")
        return page

    def updates(self, home):
        data = content.UPDATE_INDEX
        index = self.child_page(
            home,
            UpdateIndexPage,
            slug=data["slug"],
            title=data["title"],
            search_description=data["search_description"],
            introduction=data["introduction"],
        )
        for update in content.UPDATES:
            self.child_page(
                index,
                UpdatePage,
                slug=update["slug"],
                title=update["title"],
                date=update["date"],
                author=update["author"],
                summary=update["summary"],
                body=self.stream(update["body"]),
                goals=self.goals(update["goals"]),
                themes=self.themes(update["themes"]),
            )
        return index

    def standard_pages(self, home) -> dict[str, StandardPage]:
        return {
            data["slug"]: self.child_page(
                home,
                StandardPage,
                slug=data["slug"],
                title=data["title"],
                introduction=data["introduction"],
                body=self.stream(data["body"]),
            )
            for data in content.STANDARD_PAGES
        }

    def settings(self, home, pages: dict[str, StandardPage]) -> None:
        site = Site.objects.get(root_page=home, is_default_site=True)
        hub_settings = HubSettings.for_site(site)
        changed = []
        if hub_settings.privacy_notice_page_id is None:
            hub_settings.privacy_notice_page = pages["privacy"]
            hub_settings.save()
            changed.append("privacy notice")
        if not FooterLink.objects.filter(settings=hub_settings).exists():
            for order, (label, slug) in enumerate(content.FOOTER_LINKS):
                FooterLink.objects.create(
                    settings=hub_settings, label=label, page=pages[slug], sort_order=order
                )
            changed.append("footer links")
        self.created += len(changed)
        self.say(
            f"  + settings: {', '.join(changed)}" if changed else "  = settings (already there)"
        )

    def run(self) -> int:
        with transaction.atomic():
            self.say("Editorial content:")
            home = self.home()
            self.strategy(home)
            self.top_tips(home)
            self.case_studies(home)
            self.champions(home)
            self.updates(home)
            pages = self.standard_pages(home)
            self.settings(home, pages)
        return self.created


def load_demo_content(*, stdout=None) -> int:
    """Create the demo hub's editorial content; return how many things were created."""
    return DemoLoader(stdout=stdout).run()
