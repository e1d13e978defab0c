"""manage.py seal_audit and verify_audit: sealed, signed, published and exported checkpoints; every problem named."""

import json
from itertools import pairwise

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from zhicheng.audit import checkpoints, merkle
from zhicheng.audit.models import AuditEvent, Checkpoint
from zhicheng.audit.services import record
from zhicheng.catalog.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db(transaction=True)  # checkpoints are exported when the sealing commits

TABLE = AuditEvent._meta.db_table


def _events(n, start=0):
    district = DistrictFactory()
    return [record(district, by=None, action=f"step{i}", to_state=f"s{i}") for i in range(start, start + n)]


def _sql(statement, params):
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=TABLE), params)


@pytest.fixture
def sealed():
    events = _events(5)
    call_command("seal_audit")
    events += _events(3, start=5)
    call_command("seal_audit")
    return events


def test_sealing_signs_publishes_and_exports_each_checkpoint(sealed, client, capsys):
    assert list(Checkpoint.objects.values_list("tree_size", flat=True)) == [5, 8]
    assert list(AuditEvent.objects.order_by("id").values_list("leaf_index", flat=True)) == list(range(8))

    latest = client.get(reverse("audit:latest"))
    assert latest.status_code == 200
    head = latest.json()
    assert head["tree_size"] == 8
    assert set(head) == {"log", "tree_size", "root_hash", "timestamp", "signature"}
    pem = client.get(reverse("certificates:public_key")).content
    assert checkpoints.signature_valid(head, serialization.load_pem_public_key(pem))
    assert checkpoints.signature_valid({**head, "tree_size": 9}) is False
    listing = client.get(reverse("audit:checkpoints")).json()
    assert [c["tree_size"] for c in listing["checkpoints"]] == [8, 5]
    assert client.get(reverse("audit:checkpoint", args=[5])).json() == listing["checkpoints"][1]
    with default_storage.open(checkpoints.export_name(8)) as file:
        assert json.loads(file.read()) == head

    call_command("verify_audit")
    assert "审计记录完整：8 条事件，已封存 8 条，检查点 2 个" in capsys.readouterr().out


def test_an_observer_checks_each_published_head_extends_the_one_before(sealed, client):
    _events(13, start=8)
    call_command("seal_audit")
    heads = client.get(reverse("audit:checkpoints")).json()["checkpoints"][::-1]
    assert [h["tree_size"] for h in heads] == [5, 8, 21]
    for first, second in pairwise(heads):
        answer = client.get(reverse("audit:consistency", args=[second["tree_size"]])).json()
        assert (answer["first"], answer["second"]) == (first["tree_size"], second["tree_size"])
        proof = [bytes.fromhex(node) for node in answer["proof"]]
        old, new = bytes.fromhex(first["root_hash"]), bytes.fromhex(second["root_hash"])
        assert merkle.verify_consistency(first["tree_size"], second["tree_size"], old, new, proof)
        assert not merkle.verify_consistency(first["tree_size"], second["tree_size"], new, old, proof)
    assert client.get(reverse("audit:consistency", args=[5])).status_code == 404

    Checkpoint.objects.filter(tree_size=21).update(consistency=["00" * 32])
    with pytest.raises(CommandError, match="检查点 21 与检查点 8 的一致性证明不成立"):
        call_command("verify_audit")


def test_nothing_new_seals_nothing(sealed, capsys):
    call_command("seal_audit")
    assert "没有新的审计事件需要封存" in capsys.readouterr().out
    assert Checkpoint.objects.count() == 2


def test_events_after_the_last_checkpoint_are_checked_by_their_mac(sealed):
    late = _events(2, start=8)
    call_command("verify_audit")
    _sql("UPDATE {table} SET reason = %s WHERE id = %s", ["事后修改", late[1].pk])
    with pytest.raises(CommandError, match=f"事件 {late[1].pk} 的内容或消息认证码被修改"):
        call_command("verify_audit")


def test_an_altered_event_is_reported_by_id(sealed):
    _sql("UPDATE {table} SET reason = %s WHERE id = %s", ["事后修改", sealed[2].pk])
    with pytest.raises(CommandError, match=f"事件 {sealed[2].pk} 的内容或消息认证码被修改"):
        call_command("verify_audit")


def test_an_event_removed_from_the_middle_is_reported(sealed):
    _sql("DELETE FROM {table} WHERE id = %s", [sealed[2].pk])
    with pytest.raises(CommandError, match="已封存的第 2 号事件被删除"):
        call_command("verify_audit")


def test_a_removed_tail_with_its_checkpoint_is_named_by_the_exported_copy(sealed):
    _sql("DELETE FROM {table} WHERE leaf_index >= %s", [5])
    Checkpoint.objects.filter(tree_size=8).delete()
    with pytest.raises(CommandError, match="导出的检查点 8 在数据库中不存在"):
        call_command("verify_audit")


def test_a_checkpoint_without_its_exported_copy_is_reported_and_exported_again(sealed, capsys):
    default_storage.delete(checkpoints.export_name(5))
    with pytest.raises(CommandError, match="检查点 5 没有导出的副本"):
        call_command("verify_audit")
    call_command("seal_audit")
    assert "补充导出 1 个检查点" in capsys.readouterr().out
    call_command("verify_audit")


def test_the_public_pages_need_no_login_and_answer_404_before_the_first_seal(client):
    assert client.get(reverse("audit:latest")).status_code == 404
    assert client.get(reverse("audit:checkpoints")).json()["checkpoints"] == []
