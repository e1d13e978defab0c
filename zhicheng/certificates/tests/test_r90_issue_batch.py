"""Issue batches (R-90): the bureau starts one, a background task issues each certificate and counts progress."""

from unittest import mock

import pytest

from zhicheng.audit.services import history_for
from zhicheng.certificates import issuing, services
from zhicheng.certificates.models import BatchStatus, Certificate, IssueBatch
from zhicheng.certificates.tasks import issue_batch
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.tests.factories import agency_staff
from zhicheng.notifications.models import SmsMessage

from .factories import confirmed

pytestmark = pytest.mark.django_db


def test_r90_a_batch_issues_every_confirmed_application_and_reaches_its_total(
    bureau, immediate_tasks, django_capture_on_commit_callbacks
):
    applications = confirmed(bureau, count=3)
    plan = applications[0].plan

    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_batch(plan, by=bureau, base_url="https://zc.example.cn")
    batch.refresh_from_db()

    assert (batch.status, batch.done, batch.total) == (BatchStatus.FINISHED, 3, 3)
    assert batch.finished_at is not None
    assert {c.application_id for c in batch.certificates.all()} == {a.pk for a in applications}
    assert SmsMessage.objects.filter(template_id="certificate_issued").count() == 3
    assert [e.action for e in history_for(batch)] == ["start_batch", "batch_running", "batch_finished"]


def test_r90_running_a_batch_again_issues_nothing_twice(bureau, immediate_tasks, django_capture_on_commit_callbacks):
    plan = confirmed(bureau, count=2)[0].plan
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_batch(plan, by=bureau)
    numbers = set(Certificate.objects.values_list("number", flat=True))

    issue_batch.enqueue(batch.pk)

    batch.refresh_from_db()
    assert set(Certificate.objects.values_list("number", flat=True)) == numbers
    assert (batch.status, batch.done, batch.total) == (BatchStatus.FINISHED, 2, 2)
    with pytest.raises(DomainError, match="没有已确认备案、尚未制发证书的申报"):
        services.start_batch(plan, by=bureau)


def test_r90_a_failure_marks_the_batch_failed_and_keeps_what_was_issued(bureau):
    plan = confirmed(bureau, count=3)[0].plan
    batch = services.start_batch(plan, by=bureau)
    real = issuing.pdf.render_notice
    calls = {"n": 0}

    def breaks_on_the_second(*args: object, **kwargs: object) -> bytes:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("存储空间不足")
        return real(*args, **kwargs)

    with mock.patch.object(issuing.pdf, "render_notice", breaks_on_the_second):
        issuing.run_batch(batch.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == (BatchStatus.FAILED, 1, 3)
    assert "存储空间不足" in batch.error
    assert Certificate.objects.count() == 1
    retry = services.start_batch(plan, by=bureau)
    issuing.run_batch(retry.pk)
    retry.refresh_from_db()
    assert (retry.status, retry.done, retry.total) == (BatchStatus.FINISHED, 2, 2)
    assert Certificate.objects.count() == 3


def test_r90_a_batch_is_refused_without_pending_applications_while_one_runs_and_for_other_roles(bureau):
    (application,) = confirmed(bureau)
    plan = application.plan

    with pytest.raises(DomainError, match="只有市人社局"):
        services.start_batch(plan, by=agency_staff(application.committee))
    first = services.start_batch(plan, by=bureau)
    with pytest.raises(DomainError, match=f"第{first.pk}批证书正在制发"):
        services.start_batch(plan, by=bureau)
    assert IssueBatch.objects.count() == 1
