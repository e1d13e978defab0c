"""Request ids, JSON logs, Sentry only with a DSN, Prometheus metrics, liveness and readiness probes."""

import datetime
import json
import logging

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhicheng.core.models import ScheduledJob
from zhicheng.core.ops.logs import JsonFormatter
from zhicheng.core.ops.requests import RequestIdFilter
from zhicheng.notifications.models import SmsMessage, SmsStatus
from zhicheng.notifications.tasks import deliver_sms

from .production import production_env, run

pytestmark = pytest.mark.django_db
TOKEN = "metrics-token-for-tests-0123456789"


def test_every_response_echoes_a_request_id_and_keeps_the_proxys(client):
    made = client.get("/healthz").headers["X-Request-ID"]
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef").headers["X-Request-ID"]
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>").headers["X-Request-ID"]

    assert len(made) == 32
    assert kept == "0123456789abcdef0123456789abcdef"
    assert forged != "<script>alert(1)</script>"


def test_log_lines_written_during_a_request_are_json_with_its_request_id(client, caplog):
    handler_records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            handler_records.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-abcdef123456")
    finally:
        logger.removeHandler(handler)

    assert response.status_code == 404
    (line,) = handler_records
    entry = json.loads(line)
    assert entry["request_id"] == "req-abcdef123456"
    assert entry["level"] == "WARNING"
    assert "/no-such-page/" in entry["message"]


def test_production_logs_are_json_and_sentry_is_off_without_a_dsn(tmp_path):
    show = (
        "import django, logging, sentry_sdk; django.setup(); logging.getLogger('zhicheng').warning('就绪');"
        "print(sentry_sdk.get_client().is_active())"
    )
    result = run(production_env(tmp_path), "-c", show)

    assert result.stdout.strip() == "False", result.stderr
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "就绪"
    assert entry["request_id"] == "-"


def test_sentry_reports_when_a_dsn_is_set(tmp_path):
    env = production_env(tmp_path, SENTRY_DSN="https://public@sentry.example.gov.cn/7", RELEASE="2025.3")
    show = (
        "import django, sentry_sdk; django.setup(); c = sentry_sdk.get_client();"
        "print(c.is_active(), c.options['release'])"
    )

    result = run(env, "-c", show)

    assert result.stdout.split() == ["True", "2025.3"], result.stderr


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_checks_the_database_and_the_queue(client, settings):
    assert client.get("/readyz").json() == {"ready": True, "problems": []}

    settings.READY_MAX_TASK_AGE_SECONDS = 60
    result = deliver_sms.enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - datetime.timedelta(minutes=5))
    stuck = client.get("/readyz")

    assert stuck.status_code == 503
    assert stuck.json()["ready"] is False
    assert stuck.json()["problems"][0].startswith("queue: the oldest waiting task has waited 300 s")


def test_metrics_are_refused_outside_the_allowed_networks_without_the_token(client, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]

    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


def test_metrics_behind_the_proxy_use_the_client_address(client, settings):
    """nginx forwards a public scrape from 10.0.0.2: the client is the public address, so it is refused."""
    settings.TRUSTED_PROXIES = 1
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403


def sample(text: str, name: str) -> float:
    """The value of the first sample line starting with name (labels included in name)."""
    for line in text.splitlines():
        if line.startswith(name):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in metrics")


def test_metrics_report_latency_queue_sms_and_the_audit_verification(client):
    client.get("/verify/")
    deliver_sms.enqueue(1)
    deliver_sms.enqueue(2)
    SmsMessage.objects.create(phone="13800001111", phone_hash="h", template_id="verify_code", status=SmsStatus.FAILED)
    ScheduledJob.objects.create(name="verify_audit", last_ok=False, last_finished_at=timezone.now())

    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()

    assert sample(text, 'zhicheng_request_duration_seconds_count{method="GET",route="/verify/",status="2xx"}') >= 1
    assert sample(text, 'zhicheng_task_queue_depth{queue="default"}') == 2
    assert sample(text, "zhicheng_task_oldest_age_seconds") >= 0
    assert sample(text, 'zhicheng_sms_messages{status="failed"}') == 1
    assert sample(text, "zhicheng_audit_verification_ok") == 0


def test_metrics_add_up_over_several_app_processes(tmp_path):
    """Two processes with PROMETHEUS_MULTIPROC_DIR observe one request each; a third scrapes both."""
    env = production_env(tmp_path, PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    observe = (
        "import django; django.setup(); from zhicheng.core.ops.metrics import REQUEST_LATENCY as h;"
        "h.labels('GET', '/verify/', '2xx').observe(0.2)"
    )
    scrape = (
        "import django; django.setup(); from prometheus_client import CollectorRegistry, generate_latest, multiprocess;"
        "r = CollectorRegistry(); multiprocess.MultiProcessCollector(r); print(generate_latest(r).decode())"
    )
    for _ in range(2):
        assert run(env, "-c", observe).returncode == 0

    text = run(env, "-c", scrape).stdout

    assert sample(text, 'zhicheng_request_duration_seconds_count{method="GET",route="/verify/",status="2xx"}') == 2
