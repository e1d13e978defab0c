"""The one rate limiter: counts in the database, so every app process and host shares them.

A rule allows `limit` hits per key within `window` (or per Beijing calendar day, `per_day`); the hit that
reaches the limit blocks the key for `lock` (or, without one, for the rest of the window). Keys are keyed
hashes of what they count (a client address, an account, a phone), never the value itself.

    ratelimit.check(LOGIN_CLIENT, ip)            # raises RateLimited while blocked
    ratelimit.hit(LOGIN_CLIENT, ip)              # count one (a failed login)
    ratelimit.take(VERIFY_LOOKUP, ip)            # check, then count (every lookup counts)

The count is one INSERT … ON CONFLICT DO UPDATE … RETURNING, atomic on PostgreSQL and SQLite alike.
"""

import datetime
import math
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from zhicheng.core.crypto import lookup_hash
from zhicheng.core.models import RateCounter


@dataclass(frozen=True)
class Rule:
    """A limit. message is shown to the user; {minutes} becomes the wait, rounded up."""

    name: str
    limit: int
    message: str
    window: datetime.timedelta = datetime.timedelta(days=1)
    lock: datetime.timedelta | None = None
    per_day: bool = False

    def window_floor(self, now: datetime.datetime) -> datetime.datetime:
        """A window that started at or before this instant is over."""
        if self.per_day:
            midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
            return midnight - datetime.timedelta(microseconds=1)
        return now - self.window

    def window_end(self, started: datetime.datetime) -> datetime.datetime:
        if self.per_day:
            midnight = timezone.localtime(started).replace(hour=0, minute=0, second=0, microsecond=0)
            return midnight + datetime.timedelta(days=1)
        return started + self.window


class RateLimited(Exception):
    """A refused attempt; message is for the user, retry_after (seconds) for the Retry-After header."""

    def __init__(self, rule: Rule, retry_after: int) -> None:
        self.rule = rule
        self.retry_after = max(retry_after, 1)
        self.minutes = max(math.ceil(self.retry_after / 60), 1)
        self.message = rule.message.format(minutes=self.minutes)
        super().__init__(self.message)


def _key(rule: Rule, parts: tuple[str, ...]) -> str:
    return f"{rule.name}:{lookup_hash(chr(31).join(parts))}"


def blocked_for(rule: Rule, *parts: str) -> int:
    """Seconds the key has left to wait, 0 when it is free."""
    now = timezone.now()
    blocked_until = (
        RateCounter.objects.filter(key=_key(rule, parts), blocked_until__gt=now)
        .values_list("blocked_until", flat=True)
        .first()
    )
    return math.ceil((blocked_until - now).total_seconds()) if blocked_until else 0


def check(rule: Rule, *parts: str) -> None:
    """Raise RateLimited while the key is blocked."""
    wait = blocked_for(rule, *parts)
    if wait:
        raise RateLimited(rule, wait)


_UPSERT = """
INSERT INTO {table} ({key}, hits, window_started_at) VALUES (%s, 1, %s)
ON CONFLICT ({key}) DO UPDATE SET
    hits = CASE WHEN {table}.window_started_at <= %s THEN 1 ELSE {table}.hits + 1 END,
    window_started_at = CASE WHEN {table}.window_started_at <= %s THEN %s ELSE {table}.window_started_at END
RETURNING hits
"""


def hit(rule: Rule, *parts: str) -> int:
    """Count one hit in the key's window (a new window once the old one is over); the limit-th hit blocks."""
    key = _key(rule, parts)
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    window_floor = adapt(rule.window_floor(now))
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        cursor.execute(
            _UPSERT.format(table=quote(RateCounter._meta.db_table), key=quote("key")),
            [key, adapt(now), window_floor, window_floor, adapt(now)],
        )
        row = cursor.fetchone()
    hits = int(row[0]) if row else 1
    if hits >= rule.limit:
        counter = RateCounter.objects.get(key=key)
        until = now + rule.lock if rule.lock else rule.window_end(counter.window_started_at)
        # A lock starts a fresh window: the hits before it do not count after it.
        RateCounter.objects.filter(key=key).update(
            blocked_until=until,
            hits=0 if rule.lock else hits,
            window_started_at=now if rule.lock else counter.window_started_at,
        )
    return hits


def take(rule: Rule, *parts: str) -> None:
    """Check, then count: for actions where every attempt counts (lookups, codes, complaints)."""
    check(rule, *parts)
    hit(rule, *parts)


def clear(rule: Rule, *parts: str) -> None:
    """Forget a key's hits (a successful login clears its failures)."""
    RateCounter.objects.filter(key=_key(rule, parts)).delete()


def purge_expired(*, older_than: datetime.timedelta = datetime.timedelta(days=2)) -> int:
    """Delete counters whose window and block are long over (the scheduler runs this daily)."""
    cutoff = timezone.now() - older_than
    deleted, _ = RateCounter.objects.filter(window_started_at__lt=cutoff).exclude(blocked_until__gt=cutoff).delete()
    return deleted
