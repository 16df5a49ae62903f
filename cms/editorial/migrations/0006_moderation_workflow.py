"""Moderation: a "Moderators" group that approves every page before it is published.

Editors (Wagtail's "Editors" group) can add and change pages but not publish; they submit
pages to the "Moderators approve" workflow, whose single task is approval by a moderator.
The workflow is assigned to the site's HomePage, so every page of the hub goes through it.
Wagtail's own starter workflow ("Moderators approval", on the tree root) is retired so
editors see one workflow only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKFLOW_NAME = "Moderators approve"
PAGE_PERMISSIONS = {
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Editors": ["add_page", "change_page"],
}
MODEL_PERMISSIONS = {
    "Moderators": [
        ("wagtailadmin", "admin", ["access"]),
        ("cms", "champion", ["add", "change", "delete"]),
        ("cms", "organisation", ["add", "change", "delete"]),
        ("cms", "hubsettings", ["change"]),
        ("themes", "theme", ["add", "change", "delete"]),
    ],
    "Editors": [
        ("wagtailadmin", "admin", ["access"]),
        ("cms", "champion", ["add", "change"]),
        ("cms", "organisation", ["add", "change"]),
    ],
}


def _ensure_model_permissions(apps):
    # Permissions are normally created after all migrations run; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def setup_moderation(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    HomePage = apps.get_model("cms", "HomePage")

    _ensure_model_permissions(apps)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}

    for group_name, entries in MODEL_PERMISSIONS.items():
        for app_label, model, actions in entries:
            codenames = [f"{action}_{model}" for action in actions]
            permissions = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            groups[group_name].permissions.add(*permissions)

    home = HomePage.objects.order_by("path").first()
    if home is None:
        return

    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    for group_name, codenames in PAGE_PERMISSIONS.items():
        for permission in Permission.objects.filter(
            content_type=page_type, codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(
                group=groups[group_name], page_id=home.pk, permission=permission
            )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=WORKFLOW_NAME, content_type=task_type, active=True
        )
    task.groups.add(groups["Moderators"])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})

    starter = Workflow.objects.filter(name="Moderators approval").exclude(pk=workflow.pk)
    WorkflowPage.objects.filter(workflow__in=starter).delete()
    starter.update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_home_page_as_site_root"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("themes", "0002_seed_ons_topic_tree"),
    ]
    operations = [migrations.RunPython(setup_moderation, migrations.RunPython.noop)]
