"""Checking the audit trail (manage.py verify_audit): every event's MAC, every checkpoint, every exported copy.

1. Every event's MAC under AUDIT_KEY: an altered, forged, replayed or swapped event fails here.
2. The sealed events' leaf indexes are exactly 0 … n−1 and n is the last checkpoint's tree size.
3. For each checkpoint: its Ed25519 signature, its root recomputed from the first tree_size leaves, and its
   RFC 6962 consistency proof from the checkpoint before. An event changed under a leaked key, removed,
   reordered or slipped in below a checkpoint changes a root.
4. The exported copies equal the checkpoints, one for one: a tail removed together with its checkpoints
   is still named by the copy outside the database.
"""

from dataclasses import dataclass

from zhicheng.audit import checkpoints, merkle
from zhicheng.audit.models import AuditEvent, Checkpoint
from zhicheng.audit.services import event_mac


@dataclass(frozen=True)
class Problem:
    event_id: int | None
    problem: str


def _events_macs() -> tuple[list[Problem], dict[int, bytes], int]:
    problems, leaves, count = [], {}, 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if event_mac(event) != event.mac:
            problems.append(Problem(event.id, f"事件 {event.id} 的内容或消息认证码被修改（认证失败）"))
        if event.leaf_index is not None:
            if event.leaf_index in leaves:
                problems.append(Problem(event.id, f"事件 {event.id} 的叶序号 {event.leaf_index} 重复"))
            leaves[event.leaf_index] = checkpoints.leaf(event)
    return problems, leaves, count


def _checkpoints(leaves: dict[int, bytes]) -> list[Problem]:
    problems = []
    sealed = len(leaves)
    if sorted(leaves) != list(range(sealed)):
        missing = next(i for i in range(sealed + 1) if i not in leaves)
        problems.append(Problem(None, f"已封存的第 {missing} 号事件被删除（叶序号不连续）"))
    ordered = [leaves[i] for i in sorted(leaves)]
    rows = list(Checkpoint.objects.order_by("tree_size"))
    frontier: list[tuple[int, bytes]] = []
    done = 0
    for previous, checkpoint in zip([None, *rows], rows, strict=False):
        size = checkpoint.tree_size
        if not checkpoints.signature_valid(checkpoints.signed_tree_head(checkpoint)):
            problems.append(Problem(None, f"检查点 {size} 的签名无效"))
        if previous is None and checkpoint.consistency:
            problems.append(Problem(None, f"检查点 {size} 是第一个检查点，却带有一致性证明"))
        if previous is not None and not checkpoints.consistent(previous, checkpoint):
            problems.append(Problem(None, f"检查点 {size} 与检查点 {previous.tree_size} 的一致性证明不成立"))
        if size > len(ordered):
            problems.append(Problem(None, f"检查点 {size} 之前的事件被删除：现存已封存事件 {len(ordered)} 条"))
            continue
        frontier, done = merkle.extend(frontier, ordered[done:size]), size
        if merkle.frontier_root(frontier).hex() != checkpoint.root_hash:
            problems.append(Problem(None, f"检查点 {size} 的树根与事件不符：已封存的事件被修改、删除或调换顺序"))
        elif checkpoint.frontier != [[n, node.hex()] for n, node in frontier]:
            problems.append(Problem(None, f"检查点 {size} 存储的右边界子树与事件不符"))
    last = rows[-1].tree_size if rows else 0
    if sealed > last:
        problems.append(Problem(None, f"有 {sealed - last} 条事件带有叶序号却不在任何检查点中"))
    return problems


def _exports() -> list[Problem]:
    problems = []
    copies = checkpoints.exported()
    rows = {c.tree_size: c for c in Checkpoint.objects.all()}
    for size, head in sorted(copies.items()):
        row = rows.get(size)
        if row is None:
            problems.append(Problem(None, f"导出的检查点 {size} 在数据库中不存在：检查点或其后的事件被删除"))
        elif head != checkpoints.signed_tree_head(row):
            problems.append(Problem(None, f"检查点 {size} 与导出的副本不一致"))
    for size in sorted(rows.keys() - copies.keys()):
        problems.append(Problem(None, f"检查点 {size} 没有导出的副本"))
    return problems


def verify() -> list[Problem]:
    """Every problem found in the events, the checkpoints and the exported copies; empty if the trail is intact."""
    problems, leaves, _ = _events_macs()
    return problems + _checkpoints(leaves) + _exports()


def summary() -> tuple[int, int, int]:
    """(events, sealed events, checkpoints) for the command's report."""
    return (
        AuditEvent.objects.count(),
        AuditEvent.objects.filter(leaf_index__isnull=False).count(),
        Checkpoint.objects.count(),
    )
