"""SMS gateway adapters. settings.SMS_PROVIDER names the class; it is built with no arguments.

A gateway adapter reads its own credentials from settings, sends the template id, the parameters and
settings.SMS_SIGN_NAME, and reports whether a failure is worth retrying (network errors, rate limits)
or not (an invalid number, a rejected template).
"""

import logging
import uuid
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from zhicheng.core.masking import mask_phone
from zhicheng.notifications import templates

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendResult:
    ok: bool
    message_id: str = ""
    error: str = ""
    retryable: bool = False


class SmsProvider(Protocol):
    def send(self, phone: str, template_id: str, params: dict[str, str]) -> SendResult: ...


class LogProvider:
    """Development provider: writes the rendered text to the log, with the phone number masked."""

    def send(self, phone: str, template_id: str, params: dict[str, str]) -> SendResult:
        text = templates.render(template_id, params)
        logger.info("短信 → %s：【%s】%s", mask_phone(phone), settings.SMS_SIGN_NAME, text)
        return SendResult(ok=True, message_id=f"log-{uuid.uuid4().hex}")


def get_provider() -> SmsProvider:
    provider_class: type[SmsProvider] = import_string(settings.SMS_PROVIDER)
    return provider_class()
