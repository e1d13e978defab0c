"""The Merkle tree splits as RFC 6962 does; extending a frontier gives the same root as recomputing."""

from zhicheng.audit import merkle


def _leaves(n):
    return [merkle.leaf_hash(str(i).encode()) for i in range(n)]


def test_leaves_and_nodes_are_domain_separated():
    assert merkle.leaf_hash(b"a") != merkle.node_hash(b"", b"a")
    assert merkle.leaf_hash(b"\x01ab") != merkle.node_hash(b"a", b"b")


def test_three_leaves_split_after_the_largest_power_of_two():
    a, b, c = _leaves(3)
    assert merkle.root([a, b, c]) == merkle.node_hash(merkle.node_hash(a, b), c)
    d, e = _leaves(5)[3:]
    five = _leaves(5)
    assert merkle.root(five) == merkle.node_hash(merkle.root(five[:4]), e)
    assert d == five[3]


def test_a_frontier_extended_in_any_steps_gives_the_recomputed_root():
    leaves = _leaves(70)
    for n in range(1, 71):
        assert merkle.frontier_root(merkle.extend([], leaves[:n])) == merkle.root(leaves[:n])
    stepwise: list[tuple[int, bytes]] = []
    for start, stop in ((0, 3), (3, 4), (4, 17), (17, 64), (64, 70)):
        stepwise = merkle.extend(stepwise, leaves[start:stop])
        assert merkle.frontier_root(stepwise) == merkle.root(leaves[:stop])
    assert [size for size, _ in stepwise] == [64, 4, 2]
