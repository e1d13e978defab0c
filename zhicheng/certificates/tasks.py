"""Background tasks (django-tasks, database backend: run `manage.py db_worker`)."""

from django_tasks import task

from zhicheng.certificates.issuing import run_batch


@task()
def issue_batch(batch_id: int) -> int:
    """Issue a batch's certificates; returns how many the batch holds. Safe to run again."""
    return run_batch(batch_id).done
