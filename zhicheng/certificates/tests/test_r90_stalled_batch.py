"""R-90: a batch whose worker died is marked failed after BATCH_STALL_MINUTES, and the bureau reads why."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhicheng.certificates import services
from zhicheng.certificates.models import BatchStatus, IssueBatch
from zhicheng.certificates.recovery import fail_stalled_batches

from .factories import confirmed

pytestmark = pytest.mark.django_db
LATER = datetime.timedelta(minutes=16)


def started_batch(bureau, django_capture_on_commit_callbacks) -> IssueBatch:
    plan = confirmed(bureau, count=2)[0].plan
    with django_capture_on_commit_callbacks(execute=True):
        return services.start_batch(plan, by=bureau)


def worker_took_it_and_died(batch: IssueBatch) -> None:
    DBTaskResult.objects.filter(args_kwargs__args__0=batch.pk).update(status="RUNNING", started_at=timezone.now())
    IssueBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)


def test_r90_a_batch_whose_worker_died_is_failed_with_the_reason_on_its_page(
    bureau, client, django_capture_on_commit_callbacks
):
    batch = started_batch(bureau, django_capture_on_commit_callbacks)
    worker_took_it_and_died(batch)
    assert fail_stalled_batches(now=timezone.now() + datetime.timedelta(minutes=14)) == []

    (failed,) = fail_stalled_batches(now=timezone.now() + LATER)

    batch.refresh_from_db()
    assert failed.pk == batch.pk
    assert batch.status == BatchStatus.FAILED
    client.force_login(bureau)
    page = client.get(f"/certificates/batches/{batch.pk}/").content.decode()
    assert "制发中断：制发任务已超过15分钟没有进展（后台处理进程可能已中止）" in page


def test_r90_after_a_stalled_batch_the_plan_can_be_issued_again(bureau, django_capture_on_commit_callbacks):
    batch = started_batch(bureau, django_capture_on_commit_callbacks)
    worker_took_it_and_died(batch)
    fail_stalled_batches(now=timezone.now() + LATER)

    with django_capture_on_commit_callbacks(execute=True):
        again = services.start_batch(batch.plan, by=bureau)

    assert again.status == BatchStatus.QUEUED
    assert again.total == 2


def test_r90_a_batch_still_waiting_in_a_long_queue_is_not_stalled(bureau, django_capture_on_commit_callbacks):
    batch = started_batch(bureau, django_capture_on_commit_callbacks)

    assert fail_stalled_batches(now=timezone.now() + LATER) == []
    batch.refresh_from_db()
    assert batch.status == BatchStatus.QUEUED


def test_r90_a_batch_that_issued_a_certificate_recently_is_not_stalled(
    bureau, immediate_tasks, django_capture_on_commit_callbacks
):
    batch = started_batch(bureau, django_capture_on_commit_callbacks)
    IssueBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, created_at=timezone.now() - LATER)

    assert fail_stalled_batches() == []
