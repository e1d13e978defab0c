"""Evaluation session status graph. move() is the only code that assigns EvaluationSession.status."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zhicheng.accounts.models import Role
from zhicheng.audit import services as audit
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.models import EvaluationSession, SessionStatus


class SessionMoveNotAllowed(DomainError):
    """The move does not start from the session's status, or the actor may not make it."""


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: frozenset[SessionStatus]
    target: SessionStatus
    actors: frozenset[Role | None]  # None is the system


MOVES = {
    m.name: m
    for m in [
        Move(
            "request_draw",
            "申请抽取专家",
            frozenset({SessionStatus.PREPARING}),
            SessionStatus.DRAW_REQUESTED,
            frozenset({Role.AGENCY}),
        ),
        Move(
            "draw",
            "随机抽取专家",
            frozenset({SessionStatus.DRAW_REQUESTED}),
            SessionStatus.CONFIRMING,
            frozenset({Role.BUREAU}),
        ),
        Move(
            "file_roster",
            "报备专家名单",
            frozenset({SessionStatus.CONFIRMING}),
            SessionStatus.ROSTER_FILED,
            frozenset({Role.AGENCY}),
        ),
        Move(
            "open_meeting",
            "召开评审会议",
            frozenset({SessionStatus.ROSTER_FILED}),
            SessionStatus.MEETING,
            frozenset({Role.AGENCY}),
        ),
        Move(
            "open_voting",
            "开始投票",
            frozenset({SessionStatus.MEETING}),
            SessionStatus.VOTING,
            frozenset({Role.EXPERT}),
        ),
        Move(
            "close_voting",
            "结束投票并宣布结果",
            frozenset({SessionStatus.VOTING}),
            SessionStatus.CLOSED,
            frozenset({Role.EXPERT}),
        ),
        Move(
            "seal_minutes",
            "纪要签署完毕归档",
            frozenset({SessionStatus.CLOSED}),
            SessionStatus.SIGNED,
            frozenset({Role.EXPERT, None}),
        ),
        Move(
            "report",
            "报市局验收",
            frozenset({SessionStatus.SIGNED}),
            SessionStatus.REPORTED,
            frozenset({Role.AGENCY}),
        ),
    ]
}


def available_moves(session: EvaluationSession, actor_role: Role | None) -> list[Move]:
    return [m for m in MOVES.values() if session.status in m.sources and actor_role in m.actors]


@transaction.atomic
def move(session: EvaluationSession, name: str, *, by: Any, reason: str = "") -> EvaluationSession:
    """Fire one move: compare-and-swap the status and write the audit event."""
    step = MOVES[name]
    role = Role(by.role) if by is not None else None
    if session.status not in step.sources:
        label = SessionStatus(session.status).label
        raise SessionMoveNotAllowed(f"评审会当前状态为“{label}”，不能执行“{step.label}”")
    if role not in step.actors:
        raise SessionMoveNotAllowed(f"当前身份不能执行“{step.label}”")
    source = session.status
    updated = EvaluationSession.objects.filter(pk=session.pk, status=source).update(status=step.target)
    if updated != 1:  # someone else moved it first
        session.refresh_from_db(fields=["status"])
        raise SessionMoveNotAllowed(f"评审会状态已变为“{SessionStatus(session.status).label}”，请刷新后重试")
    session.status = step.target
    audit.record(session, by=by, action=name, from_state=source, to_state=step.target, reason=reason)
    return session
