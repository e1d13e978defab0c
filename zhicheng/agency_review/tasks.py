"""Background tasks (django-tasks): the daily deadline run."""

from django.utils import timezone
from django_tasks import task

from zhicheng.agency_review.deadlines import abandon_overdue


@task()
def process_deadlines() -> int:
    """Abandon applications past their correction or payment deadline; safe to run any number of times."""
    return abandon_overdue(timezone.localdate())
