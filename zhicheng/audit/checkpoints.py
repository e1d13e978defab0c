"""Sealed checkpoints of the audit trail: signed Merkle tree heads, published and exported outside the database.

seal() runs periodically (manage.py seal_audit):
1. one sealer at a time (a transaction-level advisory lock that appends never take);
2. the committed events not yet sealed get the next leaf indexes, in id order; an event whose transaction
   commits later is sealed by the next checkpoint, so a slow writer never breaks the tree;
3. the tree is extended from the previous checkpoint's frontier, the RFC 6962 consistency proof from the
   previous tree is computed from that frontier and the new leaves, and the new tree head
   {log, tree_size, root_hash, timestamp} is signed with the bureau's Ed25519 key;
4. after commit the signed head is written to the default file storage (the S3 bucket in production) as
   audit/checkpoints/<tree_size>.json, and served at /audit/checkpoints/.
"""

import base64
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from zhicheng.audit import merkle
from zhicheng.audit.models import AuditEvent, Checkpoint
from zhicheng.audit.services import payload
from zhicheng.certificates.keys import qr_private_key

LOG_ID = "zhicheng-audit"
EXPORT_DIR = "audit/checkpoints"
SEAL_LOCK = 0x5A4341  # the advisory lock that only sealers take
BATCH = 5000


def leaf(event: AuditEvent) -> bytes:
    """An event's leaf hash: its canonical content and its MAC."""
    return merkle.leaf_hash(payload(event) + b"|" + event.mac.encode())


def tree_head(checkpoint: Checkpoint) -> dict[str, Any]:
    """The signed fields of a checkpoint (its tree head)."""
    return {
        "log": LOG_ID,
        "tree_size": checkpoint.tree_size,
        "root_hash": checkpoint.root_hash,
        "timestamp": checkpoint.sealed_at.isoformat(),
    }


def _canonical(head: dict[str, Any]) -> bytes:
    return json.dumps(head, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signed_tree_head(checkpoint: Checkpoint) -> dict[str, Any]:
    """The tree head with its signature, as published and exported."""
    return {**tree_head(checkpoint), "signature": checkpoint.signature}


def signature_valid(head: dict[str, Any], public_key: ed25519.Ed25519PublicKey | None = None) -> bool:
    """Whether signature is the bureau's Ed25519 signature of the other fields."""
    key = public_key or qr_private_key().public_key()
    fields = {k: v for k, v in head.items() if k != "signature"}
    try:
        key.verify(base64.urlsafe_b64decode(str(head.get("signature", "")) + "=="), _canonical(fields))
    except (InvalidSignature, ValueError):
        return False
    return True


def consistent(previous: Checkpoint, checkpoint: Checkpoint) -> bool:
    """Whether checkpoint's stored proof shows its tree extends previous's (RFC 6962 consistency)."""
    try:
        proof = [bytes.fromhex(node) for node in checkpoint.consistency]
        return merkle.verify_consistency(
            previous.tree_size,
            checkpoint.tree_size,
            bytes.fromhex(previous.root_hash),
            bytes.fromhex(checkpoint.root_hash),
            proof,
        )
    except (TypeError, ValueError):
        return False


def export_name(tree_size: int) -> str:
    return f"{EXPORT_DIR}/{tree_size:012d}.json"


def export(checkpoint: Checkpoint) -> None:
    """Write the signed tree head to the default file storage, unless an identical copy is there."""
    name = export_name(checkpoint.tree_size)
    if default_storage.exists(name):
        return
    body = json.dumps(signed_tree_head(checkpoint), ensure_ascii=False, sort_keys=True, indent=1)
    default_storage.save(name, ContentFile(body.encode()))


def _try_seal_lock() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SEAL_LOCK])
        return bool(cursor.fetchone()[0])


@transaction.atomic
def seal() -> Checkpoint | None:
    """Seal the events appended since the last checkpoint into a new signed checkpoint; None if nothing is new."""
    if not _try_seal_lock():
        return None
    last = Checkpoint.objects.order_by("-tree_size").first()
    size = last.tree_size if last is not None else 0
    frontier = [(n, bytes.fromhex(h)) for n, h in (last.frontier if last is not None else [])]
    pending = list(AuditEvent.objects.filter(leaf_index__isnull=True).order_by("id")[:1_000_000])
    if not pending:
        return None
    new_leaves = []
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        for offset, event in enumerate(batch):
            event.leaf_index = size + start + offset
        AuditEvent.objects.bulk_update(batch, ["leaf_index"])
        new_leaves += [leaf(e) for e in batch]
    proof = (
        merkle.consistency_proof(size, size + len(pending), merkle.subtrees_after(frontier, new_leaves)) if size else []
    )
    frontier = merkle.extend(frontier, new_leaves)
    checkpoint = Checkpoint(
        tree_size=size + len(pending),
        root_hash=merkle.frontier_root(frontier).hex(),
        sealed_at=timezone.now(),
        frontier=[[n, h.hex()] for n, h in frontier],
        consistency=[node.hex() for node in proof],
    )
    signature = qr_private_key().sign(_canonical(tree_head(checkpoint)))
    checkpoint.signature = base64.urlsafe_b64encode(signature).decode().rstrip("=")
    checkpoint.save()
    transaction.on_commit(lambda: export(checkpoint))
    return checkpoint


def export_missing() -> int:
    """Export every checkpoint whose copy is missing (e.g. the store was down at sealing time)."""
    missing = [c for c in Checkpoint.objects.all() if not default_storage.exists(export_name(c.tree_size))]
    for checkpoint in missing:
        export(checkpoint)
    return len(missing)


def exported() -> dict[int, dict[str, Any]]:
    """The exported signed tree heads, by tree size, as read back from the store."""
    try:
        _, files = default_storage.listdir(EXPORT_DIR)
    except FileNotFoundError:
        return {}
    heads = {}
    for name in files:
        if not (name.endswith(".json") and name[:-5].isdigit()):
            continue
        with default_storage.open(f"{EXPORT_DIR}/{name}") as file:
            try:
                head = json.loads(file.read())
            except ValueError:
                head = {"tree_size": name, "unreadable": True}
        heads[int(name[:-5])] = head
    return heads
