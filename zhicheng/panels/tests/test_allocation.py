"""The pure sharing-out of entries and experts among panels (R-65)."""

import itertools

from zhicheng.panels.allocation import PanelPlan, SeatInfo, distribute_seats, split_entries


def _ids(start, count):
    return list(range(start, start + count))


def test_r65_panels_of_one_specialty_differ_by_at_most_one_entry():
    for sizes, panel_count in itertools.product([(7,), (10, 3), (5, 5, 1), (13, 2, 2)], range(1, 9)):
        groups = [(f"专业{n}", _ids(100 * n, size)) for n, size in enumerate(sizes)]
        if panel_count > sum(sizes):
            continue

        plans = split_entries(groups, panel_count)

        assert len(plans) == panel_count
        assert sorted(e for p in plans for e in p.entries) == sorted(e for _, ids in groups for e in ids)
        for key, _ in groups:
            loads = [len(p.entries) for p in plans if p.groups == [key]]
            assert not loads or max(loads) - min(loads) <= 1, (sizes, panel_count, key, loads)


def test_r65_more_panels_go_to_the_bigger_specialty():
    plans = split_entries([("小", _ids(1, 2)), ("大", _ids(10, 9))], 4)

    assert sorted((p.groups[0], len(p.entries)) for p in plans) == [("大", 3), ("大", 3), ("大", 3), ("小", 2)]


def test_r65_with_fewer_panels_than_specialties_a_specialty_is_never_split():
    plans = split_entries([("甲", _ids(1, 4)), ("乙", _ids(10, 3)), ("丙", _ids(20, 2))], 2)

    assert sorted(sorted(p.groups) for p in plans) == [["丙", "乙"], ["甲"]]
    assert sorted(len(p.entries) for p in plans) == [4, 5]


def test_r65_experts_are_spread_evenly_and_avoid_panels_they_are_recused_for():
    plans = [PanelPlan(groups=["甲"], entries=[1, 2]), PanelPlan(groups=["乙"], entries=[3, 4, 5])]
    seats = [SeatInfo(n, None, 50, frozenset({3}) if n == 1 else frozenset()) for n in range(1, 8)]

    placed = distribute_seats(seats, plans)

    assert sorted(len(p) for p in placed) == [3, 4]
    assert len(placed[1]) == 4  # the busier panel takes the extra expert
    assert 1 in placed[0]


def test_r65_experts_go_to_the_panel_of_their_specialty():
    plans = [PanelPlan(groups=["甲"], entries=[1]), PanelPlan(groups=["乙"], entries=[2])]
    seats = [SeatInfo(n, "乙" if n <= 3 else "甲", 50 - n, frozenset()) for n in range(1, 7)]

    placed = distribute_seats(seats, plans)

    assert sorted(placed[1]) == [1, 2, 3]
    assert placed[1][0] == 1  # the most senior is placed first, and so leads
