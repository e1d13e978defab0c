"""Background tasks (django-tasks, database backend: run `manage.py db_worker`)."""

from django_tasks import task

from zhicheng.notifications.delivery import attempt_delivery


@task()
def deliver_sms(message_id: int) -> None:
    """Send one outbox row; after a retryable failure, queue the next attempt for its back-off time."""
    retry_at = attempt_delivery(message_id)
    if retry_at is not None:
        deliver_sms.using(run_after=retry_at).enqueue(message_id)
