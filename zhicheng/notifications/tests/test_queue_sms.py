"""SMS are written to the outbox in the transaction of the change they report (R-103)."""

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from zhicheng.notifications.models import SmsMessage, SmsStatus
from zhicheng.notifications.services import messages_about, queue_sms
from zhicheng.notifications.templates import SmsTemplateError

CODE = {"code": "123456", "minutes": "10"}
TASK_PATH = "zhicheng.notifications.tasks.deliver_sms"


def queue_then_fail():
    with transaction.atomic():
        queue_sms("13812345678", "verify_code", CODE)
        raise RuntimeError("the change failed")


def test_r103_sms_is_rolled_back_with_the_change_that_caused_it(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        queue_then_fail()
    assert not SmsMessage.objects.exists()
    assert callbacks == []


def test_r103_committed_sms_is_pending_and_its_delivery_is_queued(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_sms("13812345678", "verify_code", CODE)
        assert not DBTaskResult.objects.exists()  # nothing is queued before the commit
    message.refresh_from_db()
    assert message.status == SmsStatus.PENDING
    assert message.attempts == 0
    task = DBTaskResult.objects.get()
    assert task.task_path == TASK_PATH
    assert task.args_kwargs == {"args": [message.pk], "kwargs": {}}


def test_phone_is_encrypted_at_rest_and_found_by_hash(db):
    message = queue_sms("13812345678", "verify_code", CODE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM notifications_smsmessage WHERE id = %s", [message.pk])
        (stored,) = cursor.fetchone()
    assert "13812345678" not in stored
    assert SmsMessage.objects.get(pk=message.pk).phone == "13812345678"
    assert message.masked_phone == "138****5678"
    assert len(message.phone_hash) == 64


def test_sms_remembers_what_it_is_about(db, zhang_san):
    message = queue_sms("13812345678", "verify_code", CODE, about=zhang_san)
    assert (message.object_type, message.object_id) == ("accounts.user", str(zhang_san.pk))
    assert list(messages_about(zhang_san)) == [message]


@pytest.mark.parametrize(
    ("template_id", "params"),
    [
        ("no_such_template", CODE),
        ("verify_code", {"code": "123456"}),
        ("verify_code", {**CODE, "extra": "x"}),
        ("verify_code", {"code": 123456, "minutes": "10"}),
    ],
)
def test_unknown_template_or_wrong_parameters_write_nothing(db, template_id, params):
    with pytest.raises(SmsTemplateError):
        queue_sms("13812345678", template_id, params)
    assert not SmsMessage.objects.exists()
