"""1,000 random tamper trials against a sealed audit trail, as an attacker with write access to the database.

Some trials also assume the attacker has stolen AUDIT_KEY (an insider): they re-MAC what they change, and the
signed checkpoints (whose private key and exported copies they do not have) still give them away. Every trial
runs in a savepoint that is rolled back, on a trail of 40 sealed events under 4 checkpoints.
"""

import random
from collections import Counter

import pytest
from django.db import connection, transaction
from django.utils import timezone

from zhicheng.audit import checkpoints, merkle
from zhicheng.audit.models import AuditEvent, Checkpoint
from zhicheng.audit.services import event_mac, payload, record
from zhicheng.audit.verify import verify
from zhicheng.catalog.tests.factories import DistrictFactory
from zhicheng.core.crypto import sm3_hex

pytestmark = pytest.mark.django_db

TRIALS = 1000
TABLE = AuditEvent._meta.db_table
FIELDS = ("reason", "action", "to_state", "from_state", "object_id", "actor_label")


class Rollback(Exception):
    pass


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=TABLE), params)


def _event(rng):
    return rng.choice(list(AuditEvent.objects.all()))


def _alter(rng, event):
    """Change one field of the event, as stored."""
    field = rng.choice((*FIELDS, "at", "data"))
    if field == "at":
        _sql("UPDATE {table} SET at = at + interval '1 second' WHERE id = %s", [event.pk])
    elif field == "data":
        _sql("UPDATE {table} SET data = %s::jsonb WHERE id = %s", ['{"改": 1}', event.pk])
    else:
        statement = f"UPDATE {{table}} SET {field} = %s WHERE id = %s"  # noqa: S608 - field from FIELDS
        _sql(statement, [f"改写{rng.randint(0, 999)}", event.pk])
    event.refresh_from_db()
    return event


def _reseal_roots():
    """Recompute every checkpoint's root from the leaves as they now are (the attacker cannot re-sign)."""
    leaves = [checkpoints.leaf(e) for e in AuditEvent.objects.filter(leaf_index__isnull=False).order_by("leaf_index")]
    for c in Checkpoint.objects.all():
        Checkpoint.objects.filter(pk=c.pk).update(root_hash=merkle.root(leaves[: c.tree_size]).hex())


def alter_a_field(rng):
    _alter(rng, _event(rng))


def alter_and_rehash_without_the_key(rng):
    event = _alter(rng, _event(rng))
    AuditEvent.objects.filter(pk=event.pk).update(mac=sm3_hex(payload(event)))
    _reseal_roots()


def alter_and_remac_with_a_stolen_key(rng):
    event = _alter(rng, _event(rng))
    AuditEvent.objects.filter(pk=event.pk).update(mac=event_mac(event))
    if rng.random() < 0.5:
        _reseal_roots()


def delete_the_tail_and_fix_the_head(rng):
    """Delete the newest events and the checkpoints above them; where the cut is not at a checkpoint, forge one."""
    keep = rng.randint(0, 39)
    newest = Checkpoint.objects.order_by("-tree_size").first()
    _sql("DELETE FROM {table} WHERE leaf_index >= %s", [keep])
    Checkpoint.objects.filter(tree_size__gt=keep).delete()
    if keep and not Checkpoint.objects.filter(tree_size=keep).exists():
        leaves = [checkpoints.leaf(e) for e in AuditEvent.objects.order_by("leaf_index")]
        root = merkle.root(leaves).hex()
        Checkpoint.objects.create(
            tree_size=keep, root_hash=root, sealed_at=timezone.now(), signature=newest.signature, frontier=[]
        )


def delete_from_the_middle(rng):
    _sql("DELETE FROM {table} WHERE id = %s", [_event(rng).pk])


def delete_and_renumber_the_rest(rng):
    index = rng.randint(0, 38)
    _sql("DELETE FROM {table} WHERE leaf_index = %s", [index])
    _sql("UPDATE {table} SET leaf_index = -leaf_index WHERE leaf_index > %s", [index])
    _sql("UPDATE {table} SET leaf_index = -leaf_index - 1 WHERE leaf_index < 0")


def reorder_two_leaves(rng):
    a, b = rng.sample(range(40), 2)
    _sql("UPDATE {table} SET leaf_index = -1 WHERE leaf_index = %s", [a])
    _sql("UPDATE {table} SET leaf_index = %s WHERE leaf_index = %s", [a, b])
    _sql("UPDATE {table} SET leaf_index = %s WHERE leaf_index = -1", [b])


def swap_two_events_contents(rng):
    a, b = rng.sample(list(AuditEvent.objects.order_by("id")), 2)
    columns = (*FIELDS, "at", "data", "mac")
    for target, source in ((a, b), (b, a)):
        AuditEvent.objects.filter(pk=target.pk).update(**{c: getattr(source, c) for c in columns})


def insert_a_forged_event(rng):
    source = _event(rng)
    forged = {c: getattr(source, c) for c in (*FIELDS, "at", "data", "actor_id")}
    forged["reason"] = "伪造"
    mac = rng.choice([source.mac, sm3_hex(str(rng.random()).encode()), "0" * 64])
    AuditEvent.objects.bulk_create([AuditEvent(**forged, mac=mac)])


def replay_an_event(rng):
    source = _event(rng)
    copy = {c: getattr(source, c) for c in (*FIELDS, "at", "data", "actor_id", "mac")}
    AuditEvent.objects.bulk_create([AuditEvent(**copy)])


def slip_an_event_into_the_tree_with_a_stolen_key(rng):
    source = _event(rng)
    event = AuditEvent(**{c: getattr(source, c) for c in (*FIELDS, "at", "data", "actor_id")})
    event.id = AuditEvent.objects.order_by("-id").first().id + 1
    event.mac = event_mac(event)
    event.leaf_index = rng.choice([40, rng.randint(0, 39)])
    if event.leaf_index < 40:
        _sql("UPDATE {table} SET leaf_index = -leaf_index - 1 WHERE leaf_index >= %s", [event.leaf_index])
        _sql("UPDATE {table} SET leaf_index = -leaf_index WHERE leaf_index < 0")
    AuditEvent.objects.bulk_create([event])
    if rng.random() < 0.5:
        _reseal_roots()


def alter_a_checkpoint(rng):
    checkpoint = rng.choice(list(Checkpoint.objects.all()))
    change = rng.choice(
        [
            {"root_hash": sm3_hex(b"forged")},
            {"tree_size": checkpoint.tree_size + 1000},
            {"sealed_at": timezone.now()},
            {"signature": checkpoint.signature[::-1]},
            {"consistency": [sm3_hex(b"forged proof")]},
            {"frontier": [[checkpoint.tree_size, sm3_hex(b"forged subtree")]]},
        ]
    )
    Checkpoint.objects.filter(pk=checkpoint.pk).update(**change)


def delete_a_checkpoint(rng):
    rng.choice(list(Checkpoint.objects.all())).delete()


ATTACKS = [
    alter_a_field,
    alter_and_rehash_without_the_key,
    alter_and_remac_with_a_stolen_key,
    delete_the_tail_and_fix_the_head,
    delete_from_the_middle,
    delete_and_renumber_the_rest,
    reorder_two_leaves,
    swap_two_events_contents,
    insert_a_forged_event,
    replay_an_event,
    slip_an_event_into_the_tree_with_a_stolen_key,
    alter_a_checkpoint,
    delete_a_checkpoint,
]


def _trail():
    district = DistrictFactory()
    for batch in range(4):
        for i in range(10):
            record(district, by=None, action=f"step{batch}-{i}", to_state=f"s{i}", reason="原因", data={"n": i})
        checkpoints.seal()
    checkpoints.export_missing()


def test_every_one_of_1000_random_tamper_trials_is_detected():
    _trail()
    assert verify() == []
    rng = random.Random(20261203)  # noqa: S311 - reproducible trials, not cryptography
    tried, detected = Counter(), Counter()
    for _ in range(TRIALS):
        attack = rng.choice(ATTACKS)
        tried[attack.__name__] += 1
        try:
            with transaction.atomic():
                attack(rng)
                if verify():
                    detected[attack.__name__] += 1
                raise Rollback
        except Rollback:
            pass
    assert verify() == []
    print(f"\n{sum(detected.values())} of {sum(tried.values())} tamper trials detected:")
    for name, count in sorted(tried.items()):
        print(f"  {name}: {detected[name]}/{count}")
    assert detected == tried
    assert sum(detected.values()) == TRIALS
