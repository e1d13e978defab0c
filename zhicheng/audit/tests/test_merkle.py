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


def test_consistency_proofs_verify_for_every_pair_and_need_only_the_frontier_and_the_new_leaves():
    leaves = _leaves(40)
    for n in range(1, 41):
        new_root = merkle.root(leaves[:n])
        for m in range(1, n + 1):
            old_root = merkle.root(leaves[:m])
            proof = merkle.consistency_proof(m, n, lambda lo, hi: merkle.root(leaves[lo:hi]))
            after = merkle.subtrees_after(merkle.extend([], leaves[:m]), leaves[m:n])
            assert merkle.consistency_proof(m, n, after) == proof
            assert merkle.verify_consistency(m, n, old_root, new_root, proof)
            if m < n:
                assert not merkle.verify_consistency(m, n, merkle.leaf_hash(b"x"), new_root, proof)
                assert not merkle.verify_consistency(m, n, old_root, merkle.leaf_hash(b"x"), proof)
                forged = [merkle.leaf_hash(b"forged"), *proof[1:]]
                assert not merkle.verify_consistency(m, n, old_root, new_root, forged)


def test_a_proof_between_trees_that_do_not_extend_each_other_fails():
    leaves, other = _leaves(12), [merkle.leaf_hash(b"other")] * 12
    proof = merkle.consistency_proof(5, 12, lambda lo, hi: merkle.root(leaves[lo:hi]))
    rewritten = merkle.root(other[:5] + leaves[5:12])
    assert not merkle.verify_consistency(5, 12, merkle.root(other[:5]), rewritten, proof)
