"""Writing the audit trail, and reading one object's history.

Each event is authenticated on its own: mac = HMAC-SM3(AUDIT_KEY, canonical JSON of its id and fields). The id
comes from the table's sequence before the insert, so appending takes no row or table lock that another
application's transaction could hold: the city's state changes do not wait on each other here. The global order
and completeness are sealed later by signed Merkle checkpoints (checkpoints.py); verify.py checks both.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from zhicheng.audit.models import AuditEvent

SYSTEM_LABEL = "系统"
MAC_FIELDS: tuple[str, ...] = ("id", "at", "actor_id", "actor_label", "object_type", "object_id", "action")
MAC_FIELDS += ("from_state", "to_state", "reason", "data")


@cache
def _key(configured: str) -> bytes:
    if configured:
        key = bytes.fromhex(configured)
        if len(key) != 32:
            raise ValueError("AUDIT_KEY must be 64 hexadecimal characters")
        return key
    # Development only (settings refuse an empty key when DEBUG is off).
    return hashlib.sha256(b"audit" + settings.SECRET_KEY.encode()).digest()


def payload(event: AuditEvent) -> bytes:
    """The canonical bytes an event's MAC covers."""
    fields: dict[str, Any] = {name: getattr(event, name) for name in MAC_FIELDS}
    fields["at"] = event.at.isoformat()
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def event_mac(event: AuditEvent) -> str:
    mac = hmac.HMAC(_key(settings.AUDIT_KEY), hashes.SM3())
    mac.update(payload(event))
    return mac.finalize().hex()


def object_ref(obj: models.Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


@dataclass(frozen=True)
class Change:
    """One state change to append to the trail, for record_many."""

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


def _next_ids(count: int) -> list[int]:
    """Ids from the table's sequence: nextval never waits for other transactions."""
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite (quick local runs) serialises writers anyway.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - the model's table name
        last = cursor.fetchone()[0]
        return list(range(last + 1, last + count + 1))


@transaction.atomic
def record_many(changes: Sequence[Change], *, by: Any) -> list[AuditEvent]:
    """Append one event per change, in order, with one insert and no lock shared with other writers."""
    actor = by if by is not None and getattr(by, "pk", None) else None
    label = _actor_label(actor)
    at = timezone.now()
    events = []
    for event_id, change in zip(_next_ids(len(changes)), changes, strict=True):
        object_type, object_id = object_ref(change.obj)
        event = AuditEvent(
            id=event_id,
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
        )
        event.mac = event_mac(event)
        events.append(event)
    AuditEvent.objects.bulk_create(events)
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
