"""The background task sends outbox rows through the provider, with retries and back-off."""

import datetime
import logging

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhicheng.notifications.delivery import MAX_ATTEMPTS
from zhicheng.notifications.models import SmsMessage, SmsStatus
from zhicheng.notifications.providers import SendResult
from zhicheng.notifications.services import queue_sms
from zhicheng.notifications.tasks import deliver_sms

START = datetime.datetime(2024, 7, 2, 9, 0, tzinfo=datetime.UTC)
PARAMS = {"code": "123456", "minutes": "10"}


def run_worker():
    """The real worker; tests using it need transactional_db, as it closes a connection left in a transaction."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def queued_runs(message):
    return sorted(
        t.run_after for t in DBTaskResult.objects.all() if t.args_kwargs["args"] == [message.pk] and t.run_after
    )


def test_r103_worker_delivers_a_committed_sms_through_the_log_provider(
    django_db_serialized_rollback, transactional_db, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_sms("13812345678", "verify_code", PARAMS)
    with caplog.at_level(logging.INFO, logger="zhicheng.notifications.providers"):
        run_worker()
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.provider_message_id.startswith("log-")
    assert "【北京职称评审】您的验证码为123456" in caplog.text
    assert "138****5678" in caplog.text
    assert "13812345678" not in caplog.text


def test_sent_sms_is_not_sent_twice(db, gateway):
    message = queue_sms("13812345678", "verify_code", PARAMS)
    deliver_sms.call(message.pk)
    deliver_sms.call(message.pk)
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT
    assert message.provider_message_id == "gw-1"
    assert gateway.calls == [("13812345678", "verify_code", PARAMS)]


def test_failing_provider_gets_retries_with_growing_back_off_then_failed(db, gateway):
    gateway.results = [SendResult(ok=False, error="网关繁忙", retryable=True)] * MAX_ATTEMPTS
    with time_machine.travel(START, tick=False) as traveller:
        message = queue_sms("13812345678", "verify_code", PARAMS)
        delays = []
        for _ in range(MAX_ATTEMPTS):
            deliver_sms.call(message.pk)
            message.refresh_from_db()
            if message.status == SmsStatus.PENDING:
                delays.append(message.next_attempt_at - timezone.now())
                traveller.move_to(message.next_attempt_at)
    assert delays == [datetime.timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert message.status == SmsStatus.FAILED
    assert message.attempts == MAX_ATTEMPTS
    assert message.last_error == "网关繁忙"
    assert len(gateway.calls) == MAX_ATTEMPTS
    # each retry was queued for its back-off time
    assert len(queued_runs(message)) == MAX_ATTEMPTS - 1


def test_retry_is_not_sent_before_its_time(db, gateway):
    gateway.results = [SendResult(ok=False, error="timeout", retryable=True)]
    with time_machine.travel(START, tick=False) as traveller:
        message = queue_sms("13812345678", "verify_code", PARAMS)
        deliver_sms.call(message.pk)
        deliver_sms.call(message.pk)  # e.g. a recovery run right after the failure
        assert len(gateway.calls) == 1
        traveller.shift(datetime.timedelta(seconds=30))
        deliver_sms.call(message.pk)
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT
    assert message.attempts == 2
    assert message.last_error == ""


def test_worker_runs_the_retry_when_it_is_due(
    django_db_serialized_rollback, transactional_db, gateway, django_capture_on_commit_callbacks
):
    gateway.results = [SendResult(ok=False, error="timeout", retryable=True)]
    with time_machine.travel(START, tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            message = queue_sms("13812345678", "verify_code", PARAMS)
        run_worker()
        message.refresh_from_db()
        assert message.status == SmsStatus.PENDING
        run_worker()  # the retry is not due yet
        assert len(gateway.calls) == 1
        traveller.shift(datetime.timedelta(seconds=31))
        run_worker()
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT
    assert len(gateway.calls) == 2


def test_rejected_sms_fails_at_once(db, gateway):
    gateway.results = [SendResult(ok=False, error="号码无效", retryable=False)]
    message = queue_sms("13812345678", "verify_code", PARAMS)
    deliver_sms.call(message.pk)
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED
    assert message.attempts == 1
    assert queued_runs(message) == []


def test_provider_exception_counts_as_a_retryable_failure(db, settings):
    settings.SMS_PROVIDER = "zhicheng.notifications.tests.providers.BrokenProvider"
    message = queue_sms("13812345678", "verify_code", PARAMS)
    deliver_sms.call(message.pk)
    message.refresh_from_db()
    assert message.status == SmsStatus.PENDING
    assert message.last_error == "ConnectionError: gateway unreachable"
    assert len(queued_runs(message)) == 1


@pytest.mark.parametrize("status", [SmsStatus.SENT, SmsStatus.FAILED])
def test_finished_sms_is_left_alone(db, gateway, status):
    message = queue_sms("13812345678", "verify_code", PARAMS)
    SmsMessage.objects.filter(pk=message.pk).update(status=status)
    deliver_sms.call(message.pk)
    assert gateway.calls == []


def test_a_delivered_message_keeps_no_secret_parameter(db, gateway):
    message = queue_sms(
        "13812345678", "expert_account", {"name": "王专家", "username": "zj12345678", "password": "s3cret-Pw"}
    )
    deliver_sms.call(message.pk)
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT
    assert message.params == {"name": "王专家", "username": "zj12345678", "password": "******"}
