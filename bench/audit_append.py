"""Audit appends from many transactions at once: with one lock shared by every writer (as the chain head was) and now.

python -m bench.audit_append [THREADS] [EVENTS_PER_THREAD]

Each thread stands for a different application: per event it opens a transaction, appends one event with
zhicheng.audit.services.record, holds the transaction 2 ms more (the rest of a state change), and commits.
"before" takes one transaction-level advisory lock first, which every writer shares, as the old chain-head row
did; "now" is record() alone. Prints events per second and the mean time a transaction took.
"""

import os
import sys
import threading
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from zhicheng.accounts.models import User  # noqa: E402
from zhicheng.audit.services import record  # noqa: E402

SHARED_LOCK = 0x48454144  # stands for the old chain-head row
HOLD = 0.002


def _writer(obj: User, events: int, shared_lock: bool, durations: list[float]) -> None:
    try:
        for n in range(events):
            started = time.perf_counter()
            with transaction.atomic():
                if shared_lock:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SHARED_LOCK])
                record(obj, by=None, action="bench_append", data={"n": n})
                time.sleep(HOLD)
            durations.append(time.perf_counter() - started)
    finally:
        connection.close()


def run(threads: int, events: int, shared_lock: bool) -> tuple[float, float]:
    """(events per second, mean transaction ms) for threads writers appending events each."""
    objects = list(User.objects.order_by("id")[:threads])
    durations: list[float] = []
    workers = [threading.Thread(target=_writer, args=(o, events, shared_lock, durations)) for o in objects]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    return len(durations) / elapsed, 1000 * sum(durations) / len(durations)


def main(threads: int, events: int) -> None:
    print(f"audit append: {threads} threads × {events} events, each in its own transaction held {HOLD * 1000:.0f} ms")
    print(f"{'':34}{'events/s':>10}{'mean ms':>10}")
    for label, shared in (("before: one lock shared by all", True), ("now: sequence id + own MAC", False)):
        rate, mean = run(threads, events, shared)
        print(f"{label:34}{rate:10.1f}{mean:10.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8, int(sys.argv[2]) if len(sys.argv) > 2 else 100)
