"""Prometheus metrics at /metrics.

Request latency is a histogram written by every app process; with several gunicorn processes set
PROMETHEUS_MULTIPROC_DIR (an empty directory, cleared at start) and prometheus-client keeps one file per
process, summed at scrape time. Queue, SMS and audit figures are read from the database at scrape time,
so any process answers for all of them.
"""

import datetime
import ipaddress
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from zhicheng.core import crypto
from zhicheng.core.client import client_ip
from zhicheng.core.models import ScheduledJob
from zhicheng.notifications.models import SmsMessage, SmsStatus

REQUEST_LATENCY = Histogram(
    "zhicheng_request_duration_seconds",
    "Time to answer a request, by route and status class.",
    ["method", "route", "status"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=None,
)
AUDIT_JOB = "verify_audit"


def _route(request: HttpRequest) -> str:
    """The URL pattern, not the path: /applications/<int:pk>/ stays one series however many applications there are."""
    match = getattr(request, "resolver_match", None)
    return f"/{match.route}" if match is not None and match.route else "unmatched"


class LatencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        status = f"{response.status_code // 100}xx"
        REQUEST_LATENCY.labels(request.method or "", _route(request), status).observe(time.perf_counter() - started)
        return response


class DatabaseCollector(Collector):
    """Figures every process can read from the database: the task queue, the SMS outbox, the last audit check."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        ready = DBTaskResult.objects.ready()
        depth = GaugeMetricFamily("zhicheng_task_queue_depth", "Background tasks waiting to run.", labels=["queue"])
        for queue in settings.TASKS["default"]["QUEUES"]:
            depth.add_metric([queue], ready.filter(queue_name=queue).count())
        yield depth
        yield GaugeMetricFamily(
            "zhicheng_task_oldest_age_seconds",
            "How long the oldest waiting task has been due (0 when none waits).",
            value=oldest_task_age(now),
        )
        failed = GaugeMetricFamily("zhicheng_sms_messages", "SMS in the outbox by status.", labels=["status"])
        for status in (SmsStatus.FAILED, SmsStatus.PENDING):
            failed.add_metric([status.value], SmsMessage.objects.filter(status=status).count())
        yield failed
        job = ScheduledJob.objects.filter(name=AUDIT_JOB, last_ok__isnull=False).first()
        yield GaugeMetricFamily(
            "zhicheng_audit_verification_ok",
            "1 when the last audit chain verification found the chain intact, 0 when broken, -1 before the first.",
            value=-1 if job is None else int(bool(job.last_ok)),
        )
        finished = job.last_finished_at.timestamp() if job and job.last_finished_at else 0
        yield GaugeMetricFamily(
            "zhicheng_audit_verification_timestamp_seconds",
            "When the last audit verification finished.",
            value=finished,
        )


def oldest_task_age(now: datetime.datetime) -> float:
    """Seconds since the oldest waiting task became due (enqueued, or its run_after passed)."""
    ready = DBTaskResult.objects.ready()
    enqueued = ready.filter(run_after=get_date_max()).order_by("enqueued_at").values_list("enqueued_at", flat=True)
    delayed = ready.exclude(run_after=get_date_max()).order_by("run_after").values_list("run_after", flat=True)
    due = [moment for moment in (enqueued.first(), delayed.first()) if moment is not None]
    return max((now - min(due)).total_seconds(), 0.0) if due else 0.0


def render_metrics() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(DatabaseCollector())
    return generate_latest(registry)


def may_scrape(request: HttpRequest) -> bool:
    """A bearer METRICS_TOKEN, or a client address inside METRICS_ALLOWED_NETWORKS."""
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and offered and crypto.constant_time_equal(offered, token):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(network.strip(), strict=False) for network in settings.METRICS_ALLOWED_NETWORKS
    )


def metrics(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        return HttpResponse("forbidden", status=403, content_type="text/plain")
    return HttpResponse(render_metrics(), content_type=CONTENT_TYPE_LATEST)
