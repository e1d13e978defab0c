"""manage.py verify_audit: passes on an intact chain, names the first altered or removed event."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import record
from zhicheng.catalog.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def chain():
    district = DistrictFactory()
    return [record(district, by=None, action=f"step{n}", to_state=f"s{n}") for n in range(5)]


def _sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=TABLE), params)


def test_an_intact_chain_passes(chain, capsys):
    call_command("verify_audit")
    assert "审计链完整" in capsys.readouterr().out


def test_an_altered_event_is_reported_by_id(chain):
    _sql("UPDATE {table} SET reason = %s WHERE id = %s", ["事后修改", chain[2].pk])
    with pytest.raises(CommandError, match=f"事件 {chain[2].pk} 的内容被修改"):
        call_command("verify_audit")


def test_the_first_of_two_altered_events_is_reported(chain):
    _sql("UPDATE {table} SET to_state = %s WHERE id = %s", ["x", chain[3].pk])
    _sql("UPDATE {table} SET to_state = %s WHERE id = %s", ["x", chain[1].pk])
    with pytest.raises(CommandError, match=f"事件 {chain[1].pk} "):
        call_command("verify_audit")


def test_an_event_rewritten_with_a_fresh_hash_breaks_the_link(chain):
    _sql("UPDATE {table} SET hash = %s WHERE id = %s", ["f" * 64, chain[2].pk])
    with pytest.raises(CommandError, match=f"事件 {chain[2].pk} "):
        call_command("verify_audit")


def test_an_event_removed_from_the_middle_is_reported_at_the_next_one(chain):
    _sql("DELETE FROM {table} WHERE id = %s", [chain[2].pk])
    with pytest.raises(CommandError, match=f"事件 {chain[3].pk} 之前的事件被删除或修改"):
        call_command("verify_audit")


def test_an_event_removed_from_the_end_is_reported(chain):
    _sql("DELETE FROM {table} WHERE id = %s", [chain[-1].pk])
    total = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=f"链尾事件被删除：链头记录 {total + 1} 条，实际 {total} 条"):
        call_command("verify_audit")
