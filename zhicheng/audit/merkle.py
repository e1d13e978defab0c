"""The Merkle tree of the audit trail, as Certificate Transparency builds it (RFC 6962 §2.1), with SM3.

Leaf hash = SM3(0x00 ‖ leaf data), node hash = SM3(0x01 ‖ left ‖ right); a tree of n leaves splits at the
largest power of two below n. The frontier (the roots of the perfect subtrees that make up n leaves, left to
right) lets a checkpoint extend the tree without reading the earlier leaves again.
"""

from collections.abc import Sequence

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
