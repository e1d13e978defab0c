"""The jobs of `manage.py run_scheduler`: when each runs is data here, what it does lives in its app."""

import datetime

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.core.management import call_command
from django.core.management.base import CommandError

from zhicheng.certificates.recovery import fail_stalled_batches
from zhicheng.core import ratelimit
from zhicheng.core.scheduler import Job, command_output
from zhicheng.notifications.services import requeue_due_messages

BEIJING = "Asia/Shanghai"
MINUTE = datetime.timedelta(minutes=1)


def sweep_deadlines() -> str:
    """Abandon applications whose step's deadline passed (agency_review's process_deadlines)."""
    return command_output(lambda out: call_command("process_deadlines", stdout=out))


def recover_sms() -> str:
    """Queue delivery again for outbox rows whose task was lost (a worker crash, a lost enqueue)."""
    return f"已重新排队 {requeue_due_messages()} 条待发短信"


class AuditChainBroken(Exception):
    """verify_audit found an altered, removed or unsealed-and-changed event, or a bad checkpoint."""


def seal_audit() -> str:
    """Sign a checkpoint over the audit events appended since the last one and export it (docs/audit.md)."""
    return command_output(lambda out: call_command("seal_audit", stdout=out))


def verify_audit() -> str:
    """Check every event's MAC and every checkpoint; a problem fails the job (an error log line, a Sentry event)."""
    try:
        return command_output(lambda out: call_command("verify_audit", stdout=out))
    except CommandError as exc:
        raise AuditChainBroken(str(exc)) from None


def recover_batches() -> str:
    """Mark certificate batches whose worker died as failed, with the reason on the batch page."""
    failed = fail_stalled_batches()
    return f"{len(failed)} 个停滞的证书制发批次已标记为失败" + (f"：{[b.pk for b in failed]}" if failed else "")


def purge_rate_counters() -> str:
    return f"已清理 {ratelimit.purge_expired()} 条过期的频率限制计数"


HALF_DAY = datetime.timedelta(hours=12)


def daily_at(hour: int, minute: int = 0) -> CronTrigger:
    return CronTrigger(hour=hour, minute=minute, timezone=BEIJING)


JOBS = [
    Job("process_deadlines", sweep_deadlines, lambda: daily_at(0, 5), HALF_DAY),
    Job("recover_sms", recover_sms, lambda: IntervalTrigger(minutes=1), MINUTE / 2),
    Job("seal_audit", seal_audit, lambda: IntervalTrigger(minutes=5), 2 * MINUTE),
    Job("verify_audit", verify_audit, lambda: daily_at(3), HALF_DAY),
    Job("recover_batches", recover_batches, lambda: IntervalTrigger(minutes=5), 2 * MINUTE),
    Job("purge_rate_counters", purge_rate_counters, lambda: daily_at(4), HALF_DAY),
]
