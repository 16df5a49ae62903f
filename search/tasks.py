"""Search work for the task queue: in the web process by default, on `db_worker` at scale."""

from django_tasks import task


@task()
def apply_index_changes(*, kind: str, object_ids: list[int]) -> dict[str, int]:
    """Apply the outbox rows of these objects (decided from the database as it is then)."""
    from search.indexing import outbox_process

    return outbox_process(kind=kind, object_ids=object_ids, eager=True)
