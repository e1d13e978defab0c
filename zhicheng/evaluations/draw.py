"""The auditable random draw of experts (R-63, R-64); the algorithm is documented in docs/draw.md.

Pure functions freeze, rank and check; run_draw() is the one service that writes a Draw and its two audit events.
Anyone holding a draw's record (record_of) can recompute its result with check_record, or `manage.py rerun_draw`.
"""

import hashlib
import heapq
import json
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhicheng.audit import services as audit
from zhicheng.catalog.models import LEVEL_RANK, Committee, Level
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.models import Conflict, ConflictSource, Draw, DrawKind, EvaluationSession, Seat, SeatStatus
from zhicheng.experts.models import Expert, ExpertStatus
from zhicheng.supervision.selectors import stopped_message, work_stopped
from zhicheng.supervision.services import expert_bars

ALGORITHM = "SM3-rank-v1"
SEAT_REASONS = {
    SeatStatus.INVITED: "本次评审会已抽中，待确认",
    SeatStatus.ACCEPTED: "本次评审会已抽中并确认参加",
    SeatStatus.DECLINED: "已谢绝本次评审会邀请",
    SeatStatus.WITHDRAWN: "已从本次评审会回避",
}


class DrawError(DomainError):
    """The pool has too few candidates for the draw."""


def sm3_hex(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def canonical(value: object) -> bytes:
    """The one byte form that digests are taken of: JSON, sorted keys, no spaces, UTF-8."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def digest(value: object) -> str:
    return sm3_hex(canonical(value))


def commitment(seed: str) -> str:
    """The published promise of a seed: SM3 of its 32 bytes."""
    return sm3_hex(bytes.fromhex(seed))


def rank(seed: str, candidates: Iterable[int], number: int) -> list[int]:
    """The `number` candidates whose SM3(seed bytes + b":" + decimal id) is smallest, smallest first.

    Comparing raw digests orders them as their hex strings do; the id breaks a (never seen) tie.
    """
    prefix = hashlib.new("sm3", bytes.fromhex(seed) + b":")

    def key(expert_id: int) -> tuple[bytes, int]:
        h = prefix.copy()
        h.update(str(expert_id).encode())
        return h.digest(), expert_id

    return [expert_id for _, expert_id in heapq.nsmallest(number, map(key, candidates))]


def candidates(pool: Iterable[int], exclusions: Iterable[Mapping[str, Any]]) -> list[int]:
    excluded = {int(e["expert_id"]) for e in exclusions}
    return [expert_id for expert_id in pool if expert_id not in excluded]


def min_level(committee: Committee) -> str:
    """The lowest title an expert may hold: the highest level the committee evaluates (R-62)."""
    return max(committee.levels, key=lambda lv: LEVEL_RANK[Level(lv)])


def pool_queryset(committee: Committee) -> QuerySet[Expert]:
    """Filed experts of the committee's series (and specialty), at or above its top level, from its pool owner."""
    floor = LEVEL_RANK[Level(min_level(committee))]
    levels = [lv for lv, r in LEVEL_RANK.items() if r >= floor]
    experts = Expert.objects.filter(
        status=ExpertStatus.FILED,
        series_id=committee.series_id,
        level__in=levels,
        pool_owner_id=committee.self_evaluating_unit_id,
    )
    if committee.specialty_id:
        experts = experts.filter(specialty_id=committee.specialty_id)
    return experts


def exclusions_for(session: EvaluationSession, units: Mapping[int, int | None]) -> list[dict[str, Any]]:
    """Experts of the pool (id → unit id) who may not be drawn, with the reasons, by expert id (R-64).

    A self-evaluating unit draws from its own staff, so the same-unit rule does not apply to it.
    """
    reasons: defaultdict[int, list[str]] = defaultdict(list)
    if session.committee.self_evaluating_unit_id is None:
        applicants: defaultdict[int, list[str]] = defaultdict(list)
        entries = session.entries.filter(application__unit__isnull=False)
        for applicant_unit, name in entries.values_list("application__unit_id", "application__applicant__real_name"):
            applicants[applicant_unit].append(name)
        for expert_id, expert_unit in units.items():
            if expert_unit is not None and expert_unit in applicants:
                reasons[expert_id].append(f"与申报人同一单位（申报人：{'、'.join(sorted(applicants[expert_unit]))}）")
    conflicts = Conflict.objects.filter(session=session).values_list(
        "expert_id", "source", "reason", "entry__application__applicant__real_name"
    )
    for expert_id, source, reason, name in conflicts:
        if expert_id in units:
            reasons[expert_id].append(f"{ConflictSource(source).label}：{reason}（申报人：{name}）")
    for expert_id, status in Seat.objects.filter(session=session).values_list("expert_id", "status"):
        if expert_id in units:
            reasons[expert_id].append(SEAT_REASONS[SeatStatus(status)])
    # Under an integrity record, appraisal failed or missing, periodic review lapsed (R-100, 第十条, 第四十四条).
    for expert_id, reason in expert_bars(list(units), timezone.localdate()).items():
        reasons[expert_id].append(reason)
    return [{"expert_id": expert_id, "reason": "；".join(reasons[expert_id])} for expert_id in sorted(reasons)]


def parameters_for(session: EvaluationSession, *, kind: str, number: int) -> dict[str, Any]:
    committee = session.committee
    level = min_level(committee)
    owner = committee.self_evaluating_unit
    return {
        "algorithm": ALGORITHM,
        "session_id": session.pk,
        "kind": kind,
        "committee_id": committee.pk,
        "committee": committee.name,
        "series_id": committee.series_id,
        "series": committee.series.name,
        "specialty_id": committee.specialty_id,
        "specialty": committee.specialty.name if committee.specialty else None,
        "min_level": level,
        "min_level_label": Level(level).label,
        "number": number,
        "pool_owner_id": owner.pk if owner else None,
        "pool_owner": owner.name if owner else "全市专家库",
    }


@transaction.atomic
def run_draw(session: EvaluationSession, *, kind: DrawKind, number: int, by: Any) -> Draw:
    """Draw `number` experts for the session; by is the bureau user, or None for a replacement by the system.

    1. freeze the eligible pool (sorted ids), the exclusions with their reasons and the parameters;
    2. refuse when fewer candidates remain than are needed;
    3. pick a secret seed and write its commitment, with both digests and the parameters, to the audit log;
    4. rank the candidates with the seed and keep the first `number`;
    5. store the seed and the result and reveal both in the audit log.
    """
    stopped = work_stopped(session.committee.agency_id, timezone.localdate())
    if stopped is not None:  # a suspended agency's committees hold no meetings
        raise DrawError(stopped_message(stopped), rule="R-101")
    units = dict(pool_queryset(session.committee).values_list("id", "unit_id"))
    pool = sorted(units)
    exclusions = exclusions_for(session, units)
    remaining = candidates(pool, exclusions)
    if len(remaining) < number:
        raise DrawError(f"符合条件的专家不足：可抽取{len(remaining)}人，需抽取{number}人", rule="R-63")
    parameters = parameters_for(session, kind=kind, number=number) | {
        "pool_size": len(pool),
        "excluded": len(exclusions),
    }
    seed = secrets.token_hex(32)
    draw = Draw.objects.create(
        session=session,
        kind=kind,
        number=number,
        parameters=parameters,
        pool=pool,
        pool_digest=digest(pool),
        exclusions=exclusions,
        exclusions_digest=digest(exclusions),
        seed_commitment=commitment(seed),
        drawn_by=by,
    )
    audit.record(
        draw,
        by=by,
        action="commit_seed",
        data={
            "seed_commitment": draw.seed_commitment,
            "pool_digest": draw.pool_digest,
            "exclusions_digest": draw.exclusions_digest,
            "parameters": parameters,
        },
    )
    draw.seed = seed
    draw.result = rank(seed, remaining, number)
    draw.save(update_fields=["seed", "result"])
    audit.record(draw, by=by, action="reveal_seed", data={"seed": seed, "result": draw.result})
    return draw


def record_of(draw: Draw) -> dict[str, Any]:
    """Everything needed to re-run the draw elsewhere (the page's JSON download and the API)."""
    return {
        "draw_id": draw.pk,
        "session_id": draw.session_id,
        "kind": draw.kind,
        "algorithm": ALGORITHM,
        "parameters": draw.parameters,
        "pool": draw.pool,
        "pool_digest": draw.pool_digest,
        "exclusions": draw.exclusions,
        "exclusions_digest": draw.exclusions_digest,
        "seed_commitment": draw.seed_commitment,
        "seed": draw.seed,
        "result": draw.result,
    }


@dataclass(frozen=True)
class RecordCheck:
    result: list[int]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_record(record: Mapping[str, Any]) -> RecordCheck:
    """Recompute a record's result and check its digests, its seed commitment and its stated result."""
    try:
        pool = [int(i) for i in record["pool"]]
        exclusions = list(record["exclusions"])
        seed = str(record["seed"])
        number = int(record["parameters"]["number"])
        result = rank(seed, candidates(pool, exclusions), number)
    except (KeyError, TypeError, ValueError) as exc:
        return RecordCheck([], [f"记录格式不正确：{exc!r}"])
    problems = []
    if digest(pool) != record.get("pool_digest"):
        problems.append("候选名单与其摘要不符")
    if digest(exclusions) != record.get("exclusions_digest"):
        problems.append("排除名单与其摘要不符")
    if commitment(seed) != record.get("seed_commitment"):
        problems.append("随机种子与抽取前公布的承诺值不符")
    if result != record.get("result"):
        problems.append("重新计算的抽取结果与记录的结果不符")
    return RecordCheck(result, problems)


def audit_problems(draw: Draw) -> list[str]:
    """Differences between the stored draw and what its audit events committed to and revealed."""
    events = {
        e.action: e.data
        for e in audit.history_for(draw).filter(action__in=["commit_seed", "reveal_seed"]).only("action", "data")
    }
    committed: dict[str, Any] = events.get("commit_seed", {})
    revealed: dict[str, Any] = events.get("reveal_seed", {})
    problems = []
    stored = {
        "seed_commitment": draw.seed_commitment,
        "pool_digest": draw.pool_digest,
        "exclusions_digest": draw.exclusions_digest,
        "parameters": draw.parameters,
    }
    if committed != stored:
        problems.append("抽取记录与审计日志中抽取前的承诺不符")
    if revealed != {"seed": draw.seed, "result": draw.result}:
        problems.append("抽取记录与审计日志中公布的种子和结果不符")
    return problems
