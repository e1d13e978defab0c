"""One delivery attempt of one outbox row: claim it, send it, record the outcome."""

import datetime
import logging

from django.db.models import F
from django.utils import timezone

from zhicheng.notifications.models import SmsMessage, SmsStatus
from zhicheng.notifications.providers import SendResult, get_provider
from zhicheng.notifications.templates import scrub

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY_DELAY = datetime.timedelta(seconds=30)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential back-off: 30 s after the first failure, then 1, 2, 4 minutes."""
    return FIRST_RETRY_DELAY * 2 ** (attempts - 1)


def attempt_delivery(message_id: int) -> datetime.datetime | None:
    """Send the row if it is due; return when to try again after a retryable failure, else None.

    1. Claim the row with a compare-and-swap from pending to sending, so that two workers,
       or a retry and a recovery run, never send it twice; a sent row is never claimed.
    2. Send through the configured provider; an exception counts as a retryable failure.
    3. Record sent, or pending with the next attempt time, or failed after MAX_ATTEMPTS;
       a message that has left for good keeps no secret parameter (initial passwords, codes).
    """
    now = timezone.now()
    claimed = SmsMessage.objects.filter(pk=message_id, status=SmsStatus.PENDING, next_attempt_at__lte=now).update(
        status=SmsStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
    )
    if not claimed:
        return None
    message = SmsMessage.objects.get(pk=message_id)
    try:
        result = get_provider().send(message.phone, message.template_id, message.params)
    except Exception as exc:
        logger.exception("SMS %s: provider raised", message_id)
        result = SendResult(ok=False, error=f"{type(exc).__name__}: {exc}", retryable=True)

    if result.ok:
        message.status = SmsStatus.SENT
        message.sent_at = timezone.now()
        message.provider_message_id = result.message_id
        message.last_error = ""
        message.params = scrub(message.template_id, message.params)
        message.save(update_fields=["status", "sent_at", "provider_message_id", "last_error", "params"])
        return None

    message.last_error = result.error[:2000]
    if result.retryable and message.attempts < MAX_ATTEMPTS:
        message.status = SmsStatus.PENDING
        message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        message.save(update_fields=["status", "next_attempt_at", "last_error"])
        return message.next_attempt_at
    message.status = SmsStatus.FAILED
    message.params = scrub(message.template_id, message.params)
    message.save(update_fields=["status", "last_error", "params"])
    logger.warning("SMS %s failed after %s attempts: %s", message_id, message.attempts, message.last_error)
    return None
