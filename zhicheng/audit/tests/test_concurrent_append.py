"""Appending an event takes no lock shared by unrelated objects: two open transactions append side by side.

Two PostgreSQL connections: the first appends and keeps its transaction open; the second, with a lock_timeout,
appends for another object and commits while the first is still open. The same harness, given a lock both
transactions need (what the old single chain-head row was), times out: so the test fails if such a lock returns.
"""

import threading

import pytest
from django.db import OperationalError, connection, transaction

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import record
from zhicheng.catalog.models import District
from zhicheng.catalog.tests.factories import DistrictFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two PostgreSQL connections"),
]


def _race(first_work, second_work):
    """Run first_work in an open transaction, then second_work in another with lock_timeout; return its error."""
    appended, finished = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first():
        try:
            with transaction.atomic():
                first_work()
                appended.set()
                finished.wait(timeout=10)
        finally:
            connection.close()

    def second():
        appended.wait(timeout=10)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '1s'")
                second_work()
            outcome["error"] = None
        except OperationalError as exc:
            outcome["error"] = exc
        finally:
            outcome["first_still_open"] = not finished.is_set()
            finished.set()
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return outcome


def test_two_transactions_append_for_different_objects_without_waiting():
    one, two = DistrictFactory(), DistrictFactory()

    outcome = _race(
        lambda: record(one, by=None, action="submit"),
        lambda: record(two, by=None, action="submit"),
    )

    assert outcome == {"error": None, "first_still_open": True}
    assert AuditEvent.objects.filter(action="submit").count() == 2


def test_the_harness_catches_a_lock_both_transactions_need():
    shared = DistrictFactory()

    def lock_and_append():
        District.objects.select_for_update().get(pk=shared.pk)
        record(shared, by=None, action="submit")

    outcome = _race(lock_and_append, lock_and_append)

    assert "lock timeout" in str(outcome["error"])
