"""The Merkle tree of the audit trail, as Certificate Transparency builds it (RFC 6962 §2.1), with SM3.

Leaf hash = SM3(0x00 ‖ leaf data), node hash = SM3(0x01 ‖ left ‖ right); a tree of n leaves splits at the
largest power of two below n. The frontier (the roots of the perfect subtrees that make up n leaves, left to
right) lets a checkpoint extend the tree without reading the earlier leaves again.
"""

from collections.abc import Callable, Sequence

from cryptography.hazmat.primitives import hashes


def _sm3(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def leaf_hash(data: bytes) -> bytes:
    return _sm3(b"\x00" + data)


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sm3(b"\x01" + left + right)


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) over leaf hashes, recomputed from all of them."""
    if not leaves:
        return _sm3(b"")
    if len(leaves) == 1:
        return leaves[0]
    split = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(root(leaves[:split]), root(leaves[split:]))


def extend(frontier: list[tuple[int, bytes]], leaves: Sequence[bytes]) -> list[tuple[int, bytes]]:
    """Append leaf hashes to a frontier of (subtree size, subtree root) pairs, merging equal sizes."""
    result = list(frontier)
    for leaf in leaves:
        size, node = 1, leaf
        while result and result[-1][0] == size:
            left_size, left = result.pop()
            size, node = left_size + size, node_hash(left, node)
        result.append((size, node))
    return result


def frontier_root(frontier: Sequence[tuple[int, bytes]]) -> bytes:
    """The tree root from its frontier: the subtrees folded from the right, as MTH splits them."""
    if not frontier:
        return _sm3(b"")
    node = frontier[-1][1]
    for _, left in reversed(frontier[:-1]):
        node = node_hash(left, node)
    return node


def consistency_proof(m: int, n: int, subtree: Callable[[int, int], bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 6962 §2.1.2; subtree(lo, hi) gives the root of leaves lo … hi−1."""
    if not 0 < m <= n:
        raise ValueError("a consistency proof needs 0 < m ≤ n")
    return _subproof(m, 0, n, True, subtree)


def _subproof(m: int, lo: int, hi: int, complete: bool, subtree: Callable[[int, int], bytes]) -> list[bytes]:
    n = hi - lo
    if m == n:
        return [] if complete else [subtree(lo, hi)]
    k = 1 << ((n - 1).bit_length() - 1)
    if m <= k:
        return [*_subproof(m, lo, lo + k, complete, subtree), subtree(lo + k, hi)]
    return [*_subproof(m - k, lo + k, hi, False, subtree), subtree(lo, lo + k)]


def subtrees_after(frontier: Sequence[tuple[int, bytes]], new_leaves: Sequence[bytes]) -> Callable[[int, int], bytes]:
    """subtree(lo, hi) for a consistency proof from the tree of `frontier` to that tree plus `new_leaves`.

    The proof only asks for ranges made of whole frontier subtrees or of new leaves alone, so the old leaves
    are never read again.
    """
    old = sum(size for size, _ in frontier)
    starts, position = [], 0
    for size, node in frontier:
        starts.append((position, size, node))
        position += size

    def subtree(lo: int, hi: int) -> bytes:
        if lo >= old:
            return root(new_leaves[lo - old : hi - old])
        parts = [(size, node) for start, size, node in starts if lo <= start and start + size <= hi]
        if hi > old or sum(size for size, _ in parts) != hi - lo:
            raise ValueError(f"range {lo}–{hi} is not made of whole subtrees")
        return frontier_root(parts)

    return subtree


def verify_consistency(m: int, n: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """Whether proof shows the tree of n leaves extends the tree of m leaves (RFC 9162 §2.1.4.2)."""
    if m == n:
        return not proof and old_root == new_root
    if not 0 < m < n or not proof:
        return False
    path = [old_root, *proof] if m & (m - 1) == 0 else list(proof)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(node, fr), node_hash(node, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, node)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0
