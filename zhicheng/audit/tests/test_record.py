"""record() appends events authenticated one by one; events cannot be changed or deleted through the ORM."""

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import SYSTEM_LABEL, Change, event_mac, history_for, record, record_many
from zhicheng.catalog.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def test_each_event_carries_a_mac_of_its_own_id_and_content(zhang_san):
    district = DistrictFactory()
    first = record(district, by=zhang_san, action="created", to_state="draft")
    second = record(district, by=None, action="moved", from_state="draft", to_state="submitted", reason="测试")

    assert second.id > first.id
    stored = AuditEvent.objects.get(pk=second.pk)
    assert stored.mac == event_mac(stored) == second.mac
    assert len(stored.mac) == 64
    assert stored.leaf_index is None  # sealed later by a checkpoint
    assert list(history_for(district)) == [first, second]


def test_the_same_content_under_another_id_gets_another_mac():
    district = DistrictFactory()
    one, two = record_many([Change(district, "same"), Change(district, "same")], by=None)
    assert one.mac != two.mac


def test_the_mac_depends_on_the_key(settings):
    event = record(DistrictFactory(), by=None, action="created")
    settings.AUDIT_KEY = "ab" * 32
    assert event_mac(event) != event.mac


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
