"""Counting the secret ballot (R-68, R-69): exact integer arithmetic and one grouped query.

A fraction rule "at least numerator/denominator of whole" holds iff
count × denominator ≥ whole × numerator, so 2/3 of 17 needs 12 (36 ≥ 34), never a rounded float.
The only query that reads ballots is count_ballots(): one GROUP BY entry, choice over the ballot
table joined to the session's entries; it never touches seats, experts or users.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count as CountOf

from zhicheng.ballots.models import Ballot, Choice
from zhicheng.evaluations.models import EvaluationSession


@dataclass(frozen=True)
class Rule:
    numerator: int
    denominator: int

    @property
    def label(self) -> str:
        return f"{self.numerator}/{self.denominator}"


@dataclass(frozen=True)
class Count:
    approvals: int = 0
    disapprovals: int = 0
    abstentions: int = 0

    @property
    def total(self) -> int:
        return self.approvals + self.disapprovals + self.abstentions


@dataclass(frozen=True)
class Outcome:
    entry_id: int
    attending: int
    recused: int
    count: Count
    rule: Rule
    passed: bool


def reaches(count: int, whole: int, rule: Rule) -> bool:
    """count is at least rule of whole ("以上" includes the number itself)."""
    return count * rule.denominator >= whole * rule.numerator


def least_reaching(whole: int, rule: Rule) -> int:
    """The smallest count that reaches rule of whole."""
    return -(-whole * rule.numerator // rule.denominator)


def quorum_met(attending: int, committee_size: int, rule: Rule) -> bool:
    """R-68: at least rule (2/3) of the committee attends."""
    return committee_size > 0 and reaches(attending, committee_size, rule)


def passes(approvals: int, attending: int, rule: Rule) -> bool:
    """R-69: approvals reach rule (2/3) of the experts attending for this applicant."""
    return attending > 0 and reaches(approvals, attending, rule)


def decide(
    entry_ids: Iterable[int],
    *,
    attending: int,
    recused: Mapping[int, int],
    counts: Mapping[int, Count],
    rule: Rule,
) -> list[Outcome]:
    """One outcome per entry: an expert recused for an entry neither votes on it nor counts as attending (R-64)."""
    outcomes = []
    for entry_id in entry_ids:
        present = attending - recused.get(entry_id, 0)
        count = counts.get(entry_id, Count())
        outcomes.append(
            Outcome(
                entry_id=entry_id,
                attending=present,
                recused=recused.get(entry_id, 0),
                count=count,
                rule=rule,
                passed=passes(count.approvals, present, rule),
            )
        )
    return outcomes


def count_ballots(session: EvaluationSession) -> dict[int, Count]:
    """The session's ballots counted per entry and choice in one GROUP BY query."""
    per_entry: dict[int, dict[str, int]] = {}
    rows = (
        Ballot.objects.filter(entry__session=session)
        .order_by()
        .values_list("entry_id", "choice")
        .annotate(n=CountOf("id"))
    )
    for entry_id, choice, n in rows:
        per_entry.setdefault(entry_id, {})[choice] = n
    return {
        entry_id: Count(
            approvals=choices.get(Choice.APPROVE, 0),
            disapprovals=choices.get(Choice.DISAPPROVE, 0),
            abstentions=choices.get(Choice.ABSTAIN, 0),
        )
        for entry_id, choices in per_entry.items()
    }
