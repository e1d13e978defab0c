"""Stalled batches: a batch whose worker died stays 制发中 and would block its plan for good.

The scheduler calls fail_stalled_batches() every few minutes. A queued or running batch is stalled when
nothing happened for BATCH_STALL_MINUTES (no certificate issued since it was started or since the last
one) and its task no longer waits in the queue. It is marked failed with the reason; the certificates
already issued stay valid, and a new batch issues only the ones still missing.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhicheng.certificates.issuing import fail_batch
from zhicheng.certificates.models import BatchStatus, IssueBatch

ISSUE_TASK = "zhicheng.certificates.tasks.issue_batch"


def stall_timeout() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.BATCH_STALL_MINUTES)


def stalled_reason(minutes: int) -> str:
    return (
        f"制发任务已超过{minutes}分钟没有进展（后台处理进程可能已中止），系统已将本批次标记为失败。"
        "请重新发起制发，系统将只为尚未制发的人员制发"
    )


def _waits_in_queue(batch: IssueBatch) -> bool:
    """Its task has not been picked up yet: a long queue, not a dead worker."""
    return DBTaskResult.objects.ready().filter(task_path=ISSUE_TASK, args_kwargs__args__0=batch.pk).exists()


def fail_stalled_batches(*, now: datetime.datetime | None = None) -> list[IssueBatch]:
    """Mark every stalled batch failed; returns them."""
    now = now or timezone.now()
    cutoff = now - stall_timeout()
    active = IssueBatch.objects.filter(status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING], created_at__lt=cutoff)
    active = active.annotate(last_issued_at=Max("certificates__issued_at"))
    failed = []
    for batch in active.select_related("plan", "created_by"):
        if batch.last_issued_at is not None and batch.last_issued_at >= cutoff:
            continue
        if _waits_in_queue(batch):
            continue
        with transaction.atomic():
            locked = IssueBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status not in (BatchStatus.QUEUED, BatchStatus.RUNNING):
                continue
            fail_batch(locked, error=stalled_reason(settings.BATCH_STALL_MINUTES))
        failed.append(locked)
    return failed
