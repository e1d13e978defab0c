"""The shared rate limiter: atomic counts in the database, windows, locks, calendar days, Chinese waits."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection

from zhicheng.core import ratelimit
from zhicheng.core.models import RateCounter
from zhicheng.core.ratelimit import RateLimited, Rule

START = datetime.datetime(2025, 3, 4, 1, 0, tzinfo=datetime.UTC)  # 09:00 in Beijing
HOUR = datetime.timedelta(hours=1)
HOURLY = Rule("test-hourly", limit=3, window=HOUR, message="操作过于频繁，请在 {minutes} 分钟后再试")
LOCKING = Rule(
    "test-lock",
    limit=2,
    window=datetime.timedelta(minutes=15),
    lock=datetime.timedelta(minutes=15),
    message="失败次数过多，请{minutes}分钟后再试",
)
DAILY = Rule("test-daily", limit=1, per_day=True, message="今天已提交，请明天再试")

pytestmark = pytest.mark.django_db


def test_the_hit_that_reaches_the_limit_blocks_for_the_rest_of_the_window_with_the_wait_in_chinese():
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(3):
            ratelimit.take(HOURLY, "198.51.100.7")
        clock.shift(datetime.timedelta(minutes=20))
        with pytest.raises(RateLimited) as refused:
            ratelimit.take(HOURLY, "198.51.100.7")
        ratelimit.take(HOURLY, "198.51.100.8")  # another key is not affected
        clock.shift(datetime.timedelta(minutes=40))
        ratelimit.take(HOURLY, "198.51.100.7")

    assert refused.value.message == "操作过于频繁，请在 40 分钟后再试"
    assert refused.value.retry_after == 40 * 60


def test_a_lock_lasts_its_full_length_from_the_hit_that_caused_it():
    with time_machine.travel(START, tick=False) as clock:
        ratelimit.hit(LOCKING, "a")
        clock.shift(datetime.timedelta(minutes=10))
        ratelimit.hit(LOCKING, "a")
        clock.shift(datetime.timedelta(minutes=14))
        with pytest.raises(RateLimited, match="请1分钟后再试"):
            ratelimit.check(LOCKING, "a")
        clock.shift(datetime.timedelta(minutes=1, seconds=1))
        ratelimit.check(LOCKING, "a")


def test_hits_spread_beyond_the_window_start_a_new_one():
    with time_machine.travel(START, tick=False) as clock:
        ratelimit.hit(LOCKING, "a")
        clock.shift(datetime.timedelta(minutes=16))
        assert ratelimit.hit(LOCKING, "a") == 1
        ratelimit.check(LOCKING, "a")


def test_a_daily_rule_opens_again_at_midnight_in_beijing():
    with time_machine.travel(datetime.datetime(2025, 3, 4, 15, 30, tzinfo=datetime.UTC), tick=False) as clock:
        ratelimit.take(DAILY, "x")  # 23:30 in Beijing
        with pytest.raises(RateLimited, match="请明天再试"):
            ratelimit.take(DAILY, "x")
        clock.shift(datetime.timedelta(minutes=31))  # 00:01 the next day
        ratelimit.take(DAILY, "x")


def test_keys_are_stored_only_as_keyed_hashes():
    ratelimit.hit(HOURLY, "198.51.100.7", "11010519491231002X")
    (counter,) = RateCounter.objects.all()
    assert "198.51.100.7" not in counter.key
    assert "11010519491231002X" not in counter.key


def test_clear_forgets_the_hits():
    ratelimit.hit(LOCKING, "a")
    ratelimit.clear(LOCKING, "a")
    assert ratelimit.hit(LOCKING, "a") == 1


def test_one_query_counts_a_hit_below_the_limit(django_assert_num_queries):
    with django_assert_num_queries(1):
        ratelimit.hit(HOURLY, "q")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_hits_from_several_connections_are_all_counted():
    """Like several gunicorn processes: each thread has its own database connection."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs a server database")
    rule = Rule("test-concurrent", limit=1000, window=datetime.timedelta(hours=1), message="{minutes}")
    barrier = threading.Barrier(8)
    counts: list[int] = []

    def hammer() -> None:
        from django.db import connections

        barrier.wait()
        try:
            counts.extend(ratelimit.hit(rule, "shared") for _ in range(25))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(counts) == list(range(1, 201))  # every hit saw a distinct count: none lost, none doubled
    assert RateCounter.objects.get().hits == 200


def test_expired_counters_are_purged():
    with time_machine.travel(START, tick=False):
        ratelimit.hit(HOURLY, "old")
    ratelimit.hit(HOURLY, "new")
    assert ratelimit.purge_expired() == 1
    assert RateCounter.objects.count() == 1
