"""Repeated failed logins lock a key for a while (per identifier, per client IP, per second factor).

The identifier key is the lookup hash of whatever was typed, whether or not such a user exists,
so that unknown and known identifiers are locked after the same number of tries.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import LoginThrottle
from zhicheng.core import crypto

WINDOW = datetime.timedelta(minutes=15)
LOCK = datetime.timedelta(minutes=15)
IDENTIFIER_LIMIT = 5
IP_LIMIT = 30
LOCKED_MESSAGE = "登录失败次数过多，请15分钟后再试"


def identifier_key(identifier: str) -> str:
    return "id:" + crypto.lookup_hash(identifier)


def ip_key(ip: str) -> str:
    return "ip:" + crypto.lookup_hash(ip)


def second_factor_key(user_id: int) -> str:
    return f"totp:{user_id}"


def is_locked(*keys: str) -> bool:
    return LoginThrottle.objects.filter(key__in=keys, locked_until__gt=timezone.now()).exists()


@transaction.atomic
def record_failure(key: str, limit: int) -> None:
    """Count a failure in the current window; the limit-th one locks the key for LOCK."""
    now = timezone.now()
    LoginThrottle.objects.get_or_create(key=key, defaults={"window_started_at": now})
    throttle = LoginThrottle.objects.select_for_update().get(key=key)
    if throttle.window_started_at <= now - WINDOW:
        throttle.failures = 0
        throttle.window_started_at = now
    throttle.failures += 1
    if throttle.failures >= limit:
        throttle.locked_until = now + LOCK
        throttle.failures = 0
        throttle.window_started_at = now
    throttle.save()


def clear(key: str) -> None:
    """Forget the failures of a key after a successful login (a locked key never gets that far)."""
    LoginThrottle.objects.filter(key=key).delete()
