"""Mobile numbers confirmed by a 6-digit SMS code sent through the outbox."""

import datetime
import re
import secrets

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from zhicheng.accounts.models import PhoneVerification
from zhicheng.core import crypto, ratelimit
from zhicheng.core.errors import DomainError
from zhicheng.core.ratelimit import Rule
from zhicheng.notifications.services import queue_sms

CODE_LIFETIME = datetime.timedelta(minutes=10)
RESEND_INTERVAL = datetime.timedelta(minutes=1)
DAILY_LIMIT = 10
CLIENT_HOURLY_LIMIT = 20
MAX_WRONG_CODES = 5
RESEND = Rule(
    "sms-code-phone-resend", limit=1, window=RESEND_INTERVAL, message="验证码发送过于频繁，请{minutes}分钟后再试"
)
PER_PHONE_DAILY = Rule(
    "sms-code-phone-day", limit=DAILY_LIMIT, per_day=True, message="该手机号码今日获取验证码次数已达上限，请明天再试"
)
# One client asking codes for many numbers (SMS bombing, or paying for someone else's messages).
PER_CLIENT = Rule(
    "sms-code-client",
    limit=CLIENT_HOURLY_LIMIT,
    window=datetime.timedelta(hours=1),
    message="获取验证码过于频繁，请在 {minutes} 分钟后再试",
)
MOBILE = re.compile(r"1[3-9]\d{9}")


class VerificationError(DomainError):
    """A refused code request or a code that does not confirm the number; the message is for the user."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def validate_mobile(value: str) -> str:
    """A mainland mobile number as 11 digits (spaces, dashes and a +86 prefix are dropped)."""
    number = re.sub(r"[\s-]", "", value)
    number = re.sub(r"^(\+?86)(?=1\d{10}$)", "", number)
    if not MOBILE.fullmatch(number):
        raise ValidationError("请填写11位中国大陆手机号码", code="phone")
    return number


def _code_hash(phone_hash: str, code: str) -> str:
    return crypto.lookup_hash(f"sms-code:{phone_hash}:{code}")


def send_phone_code(phone: str, *, client: str) -> PhoneVerification:
    """Create a code for the number and queue it by SMS: one a minute, DAILY_LIMIT a day, and per client."""
    phone = validate_mobile(phone)
    phone_hash = crypto.lookup_hash(phone)
    now = timezone.now()
    limits = [
        (RESEND, phone_hash, "too_frequent"),
        (PER_PHONE_DAILY, phone_hash, "daily_limit"),
        (PER_CLIENT, client, "too_frequent"),
    ]
    for rule, key, code_name in limits:
        try:
            ratelimit.check(rule, key)
        except ratelimit.RateLimited as limited:
            raise VerificationError(limited.message, code=code_name) from None
    for rule, key, _ in limits:
        ratelimit.hit(rule, key)
    code = f"{secrets.randbelow(10**6):06d}"
    verification = PhoneVerification.objects.create(
        phone_hash=phone_hash, code_hash=_code_hash(phone_hash, code), expires_at=now + CODE_LIFETIME
    )
    minutes = str(int(CODE_LIFETIME.total_seconds() // 60))
    queue_sms(phone, "verify_code", {"code": code, "minutes": minutes}, about=verification)
    return verification


def check_phone_code(phone: str, code: str) -> PhoneVerification:
    """The newest code for the number if it matches; a wrong code counts against its MAX_WRONG_CODES tries.

    Call it outside the transaction that uses the code, so that a wrong try is counted even when
    that transaction rolls back; then call consume_phone_code inside it.
    """
    phone_hash = crypto.lookup_hash(phone)
    verification = PhoneVerification.objects.filter(phone_hash=phone_hash).order_by("-created_at", "-id").first()
    if verification is None or verification.used_at is not None or verification.expires_at <= timezone.now():
        raise VerificationError("短信验证码已失效，请重新获取", code="code_expired")
    if verification.failed_attempts >= MAX_WRONG_CODES:
        raise VerificationError("短信验证码错误次数过多，请重新获取", code="code_locked")
    if not crypto.constant_time_equal(verification.code_hash, _code_hash(phone_hash, code.strip())):
        PhoneVerification.objects.filter(pk=verification.pk).update(failed_attempts=F("failed_attempts") + 1)
        raise VerificationError("短信验证码不正确", code="code_wrong")
    return verification


def consume_phone_code(verification: PhoneVerification) -> None:
    """Mark a checked code used; a code confirms one registration only."""
    used = PhoneVerification.objects.filter(pk=verification.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not used:
        raise VerificationError("短信验证码已失效，请重新获取", code="code_expired")
