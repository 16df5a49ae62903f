"""The hub team's editors run the theme taxonomy and the search vocabulary: they add and change
themes (deleting one stays with moderators, as it unlinks groups and pages) and add, change and
delete search synonyms. Both are ordinary model permissions, so an administrator can take them
away from the Editors group, or give them to another group, in Settings > Groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": [
        ("themes", "theme", ["add", "change", "view"]),
        ("hub_search", "synonym", ["add", "change", "delete", "view"]),
    ],
    "Moderators": [
        ("hub_search", "synonym", ["add", "change", "delete", "view"]),
    ],
}


def _permissions(apps, app_label, model, actions):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for action in actions]
    return list(
        Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )


def grant(apps, schema_editor):
    for label in ("themes", "hub_search"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, grants in GRANTS.items():
        for group in Group.objects.filter(name=name):
            for app_label, model, actions in grants:
                group.permissions.add(*_permissions(apps, app_label, model, actions))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editors"):
        for app_label, model, actions in GRANTS["Editors"]:
            group.permissions.remove(*_permissions(apps, app_label, model, actions))


class Migration(migrations.Migration):
    dependencies = [
        ("themes", "0002_seed_ons_topic_tree"),
        ("hub_search", "0006_index_generation"),
        ("cms", "0006_moderation_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
