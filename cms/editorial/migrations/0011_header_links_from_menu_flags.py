"""The header lists the home page's children that are marked "Show in menus". Until now every
page was marked and the header named three page types by their address: keep exactly those three
in the header, so existing sites look the same."""

from django.db import migrations

IN_HEADER = {"toptipspage", "casestudyindexpage", "championspage"}


def header_pages_only(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    in_header = ContentType.objects.filter(app_label="cms", model__in=IN_HEADER)
    Page.objects.filter(depth__gt=2).exclude(content_type__in=in_header).update(show_in_menus=False)
    Page.objects.filter(depth=3, content_type__in=in_header).update(show_in_menus=True)


class Migration(migrations.Migration):
    dependencies = [("cms", "0010_cache_table_whatever_the_cache"), ("wagtailcore", "0001_initial")]

    operations = [migrations.RunPython(header_pages_only, migrations.RunPython.noop)]
