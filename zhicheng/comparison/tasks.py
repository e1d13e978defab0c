"""Background comparison: one application after its submission, a whole year on the bureau's request."""

from django_tasks import task

from zhicheng.applications.models import Application
from zhicheng.catalog.models import Plan
from zhicheng.comparison import batch, services


@task()
def check_submitted_application(application_id: int) -> int:
    """The incremental check at submission; returns the number of findings on the application."""
    application = Application.objects.filter(pk=application_id).first()
    return 0 if application is None else len(services.check_application(application))


@task()
def check_year(plan_id: int) -> int:
    """The batch over the year; returns the number of new findings."""
    return batch.check_year(Plan.objects.get(pk=plan_id)).findings
