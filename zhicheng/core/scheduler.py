"""The one scheduler process (`manage.py run_scheduler`), on APScheduler, without cron.

Several schedulers may run (one per host, for availability); a job still runs once per occurrence. Before
running, a scheduler claims the job's row with one conditional UPDATE: it succeeds only if nobody started
the job within half its period. The database serialises the UPDATEs, so of two schedulers firing the same
occurrence exactly one wins, on PostgreSQL and SQLite alike; the other skips it. The row keeps the last
result, which /metrics reports (the audit verification's in particular).
"""

import datetime
import io
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from django.db import close_old_connections
from django.db.models import F, Q
from django.utils import timezone

from zhicheng.core.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A scheduled job: what runs (returns a line for the record), when, and how close two runs may be."""

    name: str
    run: Callable[[], str]
    trigger: Callable[[], BaseTrigger]
    spacing: datetime.timedelta


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job: Job, *, holder: str, now: datetime.datetime | None = None) -> bool:
    """Take this occurrence of the job, unless another scheduler started it within its spacing."""
    now = now or timezone.now()
    ScheduledJob.objects.get_or_create(name=job.name)
    free = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.spacing)
    return bool(
        ScheduledJob.objects.filter(free, name=job.name).update(
            last_started_at=now, claimed_by=holder, run_count=F("run_count") + 1
        )
    )


def run_job(job: Job, *, holder: str) -> bool:
    """Claim and run one occurrence, recording the outcome; False when another scheduler has it."""
    if not claim(job, holder=holder):
        logger.info("job %s: already taken by another scheduler", job.name)
        return False
    try:
        ok, message = True, job.run()
    except Exception as exc:
        logger.exception("job %s failed", job.name)
        ok, message = False, f"{type(exc).__name__}: {exc}"
    (logger.info if ok else logger.error)("job %s: %s", job.name, message)
    ScheduledJob.objects.filter(name=job.name).update(
        last_finished_at=timezone.now(), last_ok=ok, last_message=message[:4000]
    )
    return True


def run_in_pool_thread(job: Job, *, holder: str) -> bool:
    """run_job for APScheduler's worker threads, which keep their own database connections between runs."""
    close_old_connections()
    try:
        return run_job(job, holder=holder)
    finally:
        close_old_connections()


def add_jobs(scheduler: BaseScheduler, jobs: list[Job], *, holder: str) -> None:
    """One APScheduler entry per job; a missed occurrence (scheduler down) runs once when it is back."""
    for job in jobs:
        scheduler.add_job(
            run_in_pool_thread,
            trigger=job.trigger(),
            args=[job],
            kwargs={"holder": holder},
            id=job.name,
            name=job.name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(job.spacing.total_seconds()),
        )


def command_output(run: Callable[[io.StringIO], object]) -> str:
    """Run a management command into a buffer; its last line is the job's record."""
    out = io.StringIO()
    run(out)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    return lines[-1] if lines else "完成"
