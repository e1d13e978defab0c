"""Writing and verifying the audit chain."""

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from zhicheng.audit.models import AuditChainHead, AuditEvent
from zhicheng.core.crypto import sm3_hex

GENESIS = "0" * 64
SYSTEM_LABEL = "系统"


def _payload(event: AuditEvent) -> bytes:
    fields = {
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "action": event.action,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "reason": event.reason,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def object_ref(obj: models.Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


@dataclass(frozen=True)
class Change:
    """One state change to append to the chain, for record_many."""

    obj: models.Model
    action: str
    from_state: str = ""
    to_state: str = ""
    reason: str = ""
    data: dict[str, Any] | None = None


@transaction.atomic
def record(
    obj: models.Model,
    *,
    by: Any,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event for obj; by is a User or None for the system."""
    return record_many([Change(obj, action, from_state, to_state, reason, data)], by=by)[0]


@transaction.atomic
def record_many(changes: Sequence[Change], *, by: Any) -> list[AuditEvent]:
    """Append one event per change, in order, under a single lock of the chain head (one insert for all)."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
    actor = by if by is not None and getattr(by, "pk", None) else None
    label = _actor_label(actor)
    at = timezone.now()
    events = []
    for change in changes:
        object_type, object_id = object_ref(change.obj)
        event = AuditEvent(
            at=at,
            actor=actor,
            actor_label=label,
            object_type=object_type,
            object_id=object_id,
            action=change.action,
            from_state=change.from_state,
            to_state=change.to_state,
            reason=change.reason,
            data=change.data or {},
            prev_hash=head.last_hash,
        )
        event.hash = sm3_hex(_payload(event))
        head.last_hash = event.hash
        events.append(event)
    AuditEvent.objects.bulk_create(events)
    head.count += len(events)
    head.save(update_fields=["last_hash", "count"])
    return events


def _actor_label(actor: Any) -> str:
    """Role and name as people read them in a history ("申报人：张三"); the username where there is no name."""
    if actor is None:
        return SYSTEM_LABEL
    name = getattr(actor, "real_name", "") or actor.get_username()
    role = actor.get_role_display() if hasattr(actor, "get_role_display") else ""
    return f"{role}：{name}" if role else name


def history_for(obj: models.Model) -> models.QuerySet[AuditEvent]:
    object_type, object_id = object_ref(obj)
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).order_by("id")


@dataclass(frozen=True)
class ChainBreak:
    event_id: int | None
    problem: str


def _events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("id").iterator(chunk_size=2000)


def verify_chain() -> ChainBreak | None:
    """Walk the chain in order; return the first event that was altered or follows a removed one."""
    previous = GENESIS
    count = 0
    for event in _events():
        count += 1
        if event.prev_hash != previous:
            return ChainBreak(event.id, f"事件 {event.id} 之前的事件被删除或修改（链接哈希不符）")
        if sm3_hex(_payload(event)) != event.hash:
            return ChainBreak(event.id, f"事件 {event.id} 的内容被修改（哈希不符）")
        previous = event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != previous or head.count != count):
        return ChainBreak(None, f"链尾事件被删除：链头记录 {head.count} 条，实际 {count} 条")
    return None
