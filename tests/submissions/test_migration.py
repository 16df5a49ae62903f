"""The outbox and the idempotency keys moved from the register's app to this one: a database
that had them there keeps every row, every permission granted on them and every email already
queued as a task."""

from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.module_loading import import_string

import pytest
from django_tasks_db.models import DBTaskResult

from intake.submissions.emails import send_email_task
from intake.submissions.models import IdempotencyKey, OutboundEmail

BEFORE_THE_MOVE = [("intake", "0012_outbox_moves_to_submissions"), ("submissions", None)]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_from_before_the_move_keeps_its_rows_permissions_and_queued_emails():
    email = OutboundEmail.objects.create(
        to=["ada@example.org"], subject="Confirm", body_text="Hello", template="join_confirm"
    )
    IdempotencyKey.objects.create(scope="api:register", key="k-1", request_hash="h")
    outbox_type = ContentType.objects.get_for_model(OutboundEmail)
    _migrate(BEFORE_THE_MOVE)

    # As the database stood: the content type in the register's app, a moderator granted
    # the outbox by it, and an email queued as a task under its old import path.
    outbox_type.refresh_from_db()
    assert outbox_type.app_label == "intake"
    moderators = Group.objects.create(name="Outbox readers")
    moderators.permissions.add(
        Permission.objects.get(content_type=outbox_type, codename="view_outboundemail")
    )
    reader = User.objects.create_user(username="reader", password="pw-reader-1")
    reader.groups.add(moderators)
    queued = DBTaskResult.objects.create(
        task_path="intake.emails.send_email_task",
        args_kwargs={"args": [], "kwargs": {"email_id": email.pk}},
        backend_name="default",
        run_after=timezone.now(),
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    outbox_type.refresh_from_db()
    assert (outbox_type.app_label, outbox_type.model) == ("submissions", "outboundemail")
    assert ContentType.objects.get_for_model(IdempotencyKey).app_label == "submissions"
    assert not ContentType.objects.filter(app_label="intake", model="outboundemail").exists()
    assert User.objects.get(pk=reader.pk).has_perm("submissions.view_outboundemail")
    assert OutboundEmail.objects.get(pk=email.pk).subject == "Confirm"
    assert IdempotencyKey.objects.filter(scope="api:register", key="k-1").exists()
    queued.refresh_from_db()
    assert import_string(queued.task_path) is send_email_task
