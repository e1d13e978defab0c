"""Recovery after a crash: due outbox rows are queued again."""

import datetime

import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from zhicheng.notifications.models import SmsMessage, SmsStatus
from zhicheng.notifications.services import queue_sms

START = datetime.datetime(2024, 7, 2, 9, 0, tzinfo=datetime.UTC)
PARAMS = {"code": "123456", "minutes": "10"}


def queued_ids(tasks):
    return sorted(t.args_kwargs["args"][0] for t in tasks)


def make(status, *, next_attempt_at=START, last_attempt_at=None):
    message = queue_sms("13812345678", "verify_code", PARAMS)
    SmsMessage.objects.filter(pk=message.pk).update(
        status=status, next_attempt_at=next_attempt_at, last_attempt_at=last_attempt_at
    )
    return message


def test_due_and_stuck_rows_are_queued_again(django_db_serialized_rollback, transactional_db, gateway, capsys):
    with time_machine.travel(START + datetime.timedelta(minutes=30), tick=False):
        due = make(SmsStatus.PENDING)
        later = make(SmsStatus.PENDING, next_attempt_at=START + datetime.timedelta(hours=1))
        stuck = make(SmsStatus.SENDING, last_attempt_at=START)
        busy = make(SmsStatus.SENDING, last_attempt_at=START + datetime.timedelta(minutes=29))
        make(SmsStatus.SENT)
        make(SmsStatus.FAILED)
        DBTaskResult.objects.all().delete()  # the deliveries queued at commit were lost in the crash
        call_command("send_pending_sms")
        assert queued_ids(DBTaskResult.objects.all()) == [due.pk, stuck.pk]
        assert "已重新排队 2 条待发短信" in capsys.readouterr().out
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert SmsMessage.objects.get(pk=due.pk).status == SmsStatus.SENT
    assert SmsMessage.objects.get(pk=stuck.pk).status == SmsStatus.SENT
    assert SmsMessage.objects.get(pk=later.pk).status == SmsStatus.PENDING
    assert SmsMessage.objects.get(pk=busy.pk).status == SmsStatus.SENDING
    assert len(gateway.calls) == 2
