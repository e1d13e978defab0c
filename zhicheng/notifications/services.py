"""The SMS outbox (R-103): rows written with the change they report, sent after commit."""

import datetime
from functools import partial

from django.db import models, transaction
from django.utils import timezone

from zhicheng.core import crypto
from zhicheng.notifications import templates
from zhicheng.notifications.models import SmsMessage, SmsStatus
from zhicheng.notifications.tasks import deliver_sms

# A row left in "sending" this long belongs to a worker that died mid-send.
STALE_SENDING = datetime.timedelta(minutes=10)


def queue_sms(phone: str, template_id: str, params: dict[str, str], *, about: models.Model | None = None) -> SmsMessage:
    """Write an SMS to the outbox in the current transaction; its delivery is queued when that commits."""
    templates.check_params(template_id, params)
    message = SmsMessage.objects.create(
        phone=phone,
        phone_hash=crypto.lookup_hash(phone),
        template_id=template_id,
        params=params,
        object_type=about._meta.label_lower if about is not None else "",
        object_id=str(about.pk) if about is not None else "",
    )
    transaction.on_commit(partial(deliver_sms.enqueue, message.pk))
    return message


def requeue_due_messages(*, now: datetime.datetime | None = None) -> int:
    """Queue delivery again for due pending rows and rows stuck in sending; returns how many."""
    now = now or timezone.now()
    SmsMessage.objects.filter(status=SmsStatus.SENDING, last_attempt_at__lt=now - STALE_SENDING).update(
        status=SmsStatus.PENDING, next_attempt_at=now
    )
    due = list(
        SmsMessage.objects.filter(status=SmsStatus.PENDING, next_attempt_at__lte=now).values_list("pk", flat=True)
    )
    for message_id in due:
        deliver_sms.enqueue(message_id)
    return len(due)


def messages_about(obj: models.Model) -> models.QuerySet[SmsMessage]:
    """The SMS sent about one object (e.g. an application), oldest first."""
    return SmsMessage.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")
