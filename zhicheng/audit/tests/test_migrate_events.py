"""Migrations 0002 and 0003: events of the old hash chain get their MAC and are sealed by the first checkpoint."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zhicheng.audit import checkpoints
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import event_mac
from zhicheng.audit.verify import verify

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def test_old_chain_events_are_authenticated_and_sealed_after_the_migration():
    old = _migrate(("audit", "0001_initial")).get_model("audit", "AuditEvent")
    old.objects.bulk_create(
        [
            old(
                at=timezone.now(),
                actor_label="系统",
                object_type="catalog.district",
                object_id="1",
                action=f"step{n}",
                reason="旧链",
                prev_hash=f"{n:064x}",
                hash=f"{n + 1:064x}",
            )
            for n in range(5)
        ]
    )

    _migrate(("audit", "0003_drop_hash_chain"))

    events = list(AuditEvent.objects.order_by("id"))
    assert len(events) == 5
    assert all(e.mac == event_mac(e) for e in events)
    checkpoints.seal()
    checkpoints.export_missing()
    assert verify() == []
