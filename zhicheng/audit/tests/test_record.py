"""record() appends events to one hash chain; events cannot be changed or deleted through the ORM."""

import pytest

from zhicheng.audit.models import AuditChainHead, AuditEvent
from zhicheng.audit.services import GENESIS, SYSTEM_LABEL, history_for, record
from zhicheng.catalog.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def test_each_event_carries_the_hash_of_the_one_before(zhang_san):
    district = DistrictFactory()
    first = record(district, by=zhang_san, action="created", to_state="draft")
    second = record(district, by=None, action="moved", from_state="draft", to_state="submitted", reason="测试")

    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert len(second.hash) == 64
    assert second.hash != first.hash
    head = AuditChainHead.objects.get()
    assert head.last_hash == second.hash
    assert head.count == AuditEvent.objects.count()
    assert list(history_for(district)) == [first, second]


def test_the_actor_is_named_and_the_system_is_labelled(zhang_san):
    district = DistrictFactory()
    by_person = record(district, by=zhang_san, action="created")
    by_system = record(district, by=None, action="expired")
    assert by_person.actor == zhang_san
    assert by_person.actor_label == "申报人：张三"
    assert by_system.actor is None
    assert by_system.actor_label == SYSTEM_LABEL


def test_an_event_cannot_be_updated_or_deleted_through_the_orm():
    event = record(DistrictFactory(), by=None, action="created")
    event.reason = "改写"
    with pytest.raises(PermissionError, match="只能追加"):
        event.save()
    with pytest.raises(PermissionError, match="不能删除"):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""
