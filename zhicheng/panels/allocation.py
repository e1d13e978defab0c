"""How entries and experts are shared out among panels (R-65): pure functions over ids, no database."""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field


@dataclass
class PanelPlan:
    """One panel to be: the specialty groups it takes and its entries."""

    groups: list[Hashable] = field(default_factory=list)
    entries: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class SeatInfo:
    seat_id: int
    specialty: Hashable
    rank: int  # higher is more senior (catalog LEVEL_RANK), then the committee role decides
    conflicts: frozenset[int]  # entry ids the expert is recused for


def split_entries(groups: Sequence[tuple[Hashable, Sequence[int]]], panel_count: int) -> list[PanelPlan]:
    """Share the specialty groups' entries among panel_count panels.

    1. Groups are taken largest first (ties keep the given order).
    2. With at least as many panels as groups, every group gets one panel; each further panel goes to the
       group with the most entries per panel, never giving a group more panels than it has entries.
       A group's entries (in the given order) are dealt to its panels in turn, so within a specialty
       group the panels' entry counts differ by at most one.
    3. With fewer panels than groups, a specialty is never split: whole groups go, largest first, to the
       panel with the fewest entries so far (the first such panel on a tie).
    """
    ordered = sorted(groups, key=lambda g: -len(g[1]))
    if panel_count >= len(ordered):
        shares = [1] * len(ordered)
        for _ in range(panel_count - len(ordered)):
            open_groups = [i for i, (_, entries) in enumerate(ordered) if shares[i] < len(entries)]
            if not open_groups:
                break
            busiest = max(open_groups, key=lambda i: (len(ordered[i][1]) / shares[i], -i))
            shares[busiest] += 1
        plans: list[PanelPlan] = []
        for (key, entries), share in zip(ordered, shares, strict=True):
            group_plans = [PanelPlan(groups=[key]) for _ in range(share)]
            for n, entry in enumerate(entries):
                group_plans[n % share].entries.append(entry)
            plans.extend(group_plans)
        return plans
    plans = [PanelPlan() for _ in range(panel_count)]
    for key, entries in ordered:
        lightest = min(plans, key=lambda p: len(p.entries))
        lightest.groups.append(key)
        lightest.entries.extend(entries)
    return plans


def distribute_seats(seats: Sequence[SeatInfo], plans: Sequence[PanelPlan]) -> list[list[int]]:
    """Seat ids per panel: sizes differ by at most one, the busier panels taking the extra experts.

    1. Seats are placed most senior first.
    2. Each goes to the panel, among those not yet full, where it is recused for the fewest entries,
       then one of its own specialty, then the one with fewest experts so far.
    The caller checks there are at least three seats per panel.
    """
    base, extra = divmod(len(seats), len(plans))
    by_load = sorted(range(len(plans)), key=lambda i: -len(plans[i].entries))
    capacity = [base] * len(plans)
    for i in by_load[:extra]:
        capacity[i] += 1
    entry_sets = [set(p.entries) for p in plans]
    placed: list[list[int]] = [[] for _ in plans]
    for seat in sorted(seats, key=lambda s: (-s.rank, s.seat_id)):
        candidates = [i for i in range(len(plans)) if len(placed[i]) < capacity[i]]
        best = min(
            candidates,
            key=lambda i: (
                len(seat.conflicts & entry_sets[i]),
                seat.specialty is None or seat.specialty not in plans[i].groups,
                len(placed[i]),
                i,
            ),
        )
        placed[best].append(seat.seat_id)
    return placed
