import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhicheng.ballots.tests.factories import agency_of, bulk_entries, closed
from zhicheng.evaluations.models import SessionApplication
from zhicheng.rechecks.models import Recheck, RecheckStatus


def _queue_queries(client, entries: list[SessionApplication]) -> int:
    """Queries of the queue page with one request per entry, every other one answered."""
    Recheck.objects.all().delete()
    Recheck.objects.bulk_create(
        Recheck(
            application=e.application,
            reason=f"理由{n}",
            due_on=datetime.date(2025, 3, 10),
            status=RecheckStatus.ANSWERED if n % 2 else RecheckStatus.OPEN,
        )
        for n, e in enumerate(entries)
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("rechecks:queue"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_r84_the_queue_lists_open_requests_first_in_constant_queries(client):
    session = closed(experts=9, applications=1)
    entries = bulk_entries(session, 29)
    client.force_login(agency_of(session))

    assert _queue_queries(client, entries[:3]) == _queue_queries(client, entries[:30])

    statuses = [r.status for r in client.get(reverse("rechecks:queue")).context["page"]]
    assert statuses == [RecheckStatus.OPEN] * 15 + [RecheckStatus.ANSWERED] * 15
