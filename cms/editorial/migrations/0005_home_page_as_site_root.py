"""Replace Wagtail's welcome page with the hub's HomePage as the default site's root."""

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # django-treebeard's MP_Node alphabet
STEPLEN = 4


def _next_child_path(parent_path: str, last_child_path: str | None) -> str:
    if last_child_path is None:
        return parent_path + "0001"
    value = 0
    for char in last_child_path[-STEPLEN:]:
        value = value * len(ALPHABET) + ALPHABET.index(char)
    value += 1
    step = ""
    for _ in range(STEPLEN):
        value, remainder = divmod(value, len(ALPHABET))
        step = ALPHABET[remainder] + step
    return parent_path + step


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("cms", "HomePage")

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return  # Wagtail's own migrations always create the root; nothing to do without it.

    home = HomePage.objects.order_by("path").first()
    if home is None:
        home_type, _ = ContentType.objects.get_or_create(app_label="cms", model="homepage")
        last_child = Page.objects.filter(depth=2, path__startswith=root.path).order_by("-path")
        last_path = last_child.values_list("path", flat=True).first()
        now = timezone.now()
        home = HomePage.objects.create(
            title="USER hub",
            draft_title="USER hub",
            slug="home",
            content_type=home_type,
            path=_next_child_path(root.path, last_path),
            depth=2,
            numchild=0,
            url_path="/home/",
            locale=Locale.objects.order_by("pk").first(),
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            introduction="Find user groups and forums for UK official statistics by theme.",
        )

    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    welcome_pages = Page.objects.filter(
        depth=2, content_type=page_type, slug="home", numchild=0
    ).exclude(pk=home.pk)

    sites = Site.objects.all()
    if not sites.exists():
        Site.objects.create(
            hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True
        )
    else:
        sites.filter(root_page__in=welcome_pages).update(root_page_id=home.pk)
        if not sites.filter(is_default_site=True).exists():
            Site.objects.filter(root_page_id=home.pk).update(is_default_site=True)

    welcome_pages.delete()
    root.numchild = Page.objects.filter(depth=2, path__startswith=root.path).count()
    root.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_seed_strategy_goals"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
