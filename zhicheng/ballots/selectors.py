"""Access-checked reads for the meeting, the ballot sheet, the results and the minutes.

No function here reads the ballot table together with seats, experts or users; receipts are checked in
receipts.py against commitments that are linked to no ballot.
"""

import datetime
import json
from dataclasses import asdict, dataclass

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.ballots.models import Minutes, Signature
from zhicheng.core.crypto import sm3_hex
from zhicheng.evaluations.models import (
    Conflict,
    EvaluationSession,
    Seat,
    SeatRole,
    SeatStatus,
    SessionApplication,
    SessionStatus,
)
from zhicheng.panels.models import DefenseSlot, PanelOpinion

RESULT_STATUSES = frozenset({SessionStatus.CLOSED, SessionStatus.SIGNED, SessionStatus.REPORTED})


def _sessions() -> QuerySet[EvaluationSession]:
    return EvaluationSession.objects.select_related("committee", "plan")


def is_agency_of(user: User, session: EvaluationSession) -> bool:
    return (
        user.role == Role.AGENCY
        and user.organization_id is not None
        and (user.organization_id == session.committee.agency_id)
    )


def get_session_for_staff(user: User, pk: int) -> EvaluationSession:
    """The session for the agency running its committee, or for the bureau; 404 for anyone else."""
    session = _sessions().filter(pk=pk).first()
    if session is None:
        raise Http404
    if user.role == Role.BUREAU:
        return session
    if is_agency_of(user, session):
        return session
    raise Http404


def get_session_for(user: User, pk: int) -> EvaluationSession:
    """The session for its agency, the bureau, or an expert attending its meeting; 404 for anyone else."""
    if user.role == Role.EXPERT:
        session = _sessions().filter(pk=pk).first()
        if session is None or attending_seat_of(user, session) is None:
            raise Http404
        return session
    return get_session_for_staff(user, pk)


def attending_seat_of(user: User, session: EvaluationSession) -> Seat | None:
    """The user's own seat if they sit on the session and attend the meeting."""
    return sitting_seats(session).select_related("expert").filter(expert__user=user, attended=True).first()


def sitting_seats(session: EvaluationSession) -> QuerySet[Seat]:
    """The experts who accepted their seat: the committee that sits for this session."""
    return Seat.objects.filter(session=session, status=SeatStatus.ACCEPTED)


def attending_seats(session: EvaluationSession) -> QuerySet[Seat]:
    return sitting_seats(session).filter(attended=True)


def committee_size(session: EvaluationSession) -> int:
    """The committee the quorum is counted against: the filed size of the session, else its sitting experts."""
    if session.committee_size:
        return session.committee_size
    return sitting_seats(session).count()


def presiding_seat(session: EvaluationSession) -> Seat | None:
    minutes = Minutes.objects.select_related("chaired_by__expert").filter(session=session).first()
    return minutes.chaired_by if minutes is not None else None


def get_presiding_session_for(user: User, pk: int) -> EvaluationSession:
    """The session for the expert who presides its meeting; 404 for anyone else."""
    session = get_session_for(user, pk)
    seat = presiding_seat(session)
    if seat is None or seat.expert.user_id != user.pk:
        raise Http404
    return session


def recused_entry_ids(seat: Seat) -> set[int]:
    """The entries the seat's expert has withdrawn from (R-64)."""
    return set(
        Conflict.objects.filter(session_id=seat.session_id, expert_id=seat.expert_id).values_list("entry_id", flat=True)
    )


def recusals_per_entry(session: EvaluationSession) -> dict[int, int]:
    """Per entry, how many attending experts are recused from it."""
    attending = attending_seats(session).values("expert_id")
    rows = (
        Conflict.objects.filter(entry__session=session, expert_id__in=attending)
        .order_by()
        .values_list("entry_id")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def entries(session: EvaluationSession) -> QuerySet[SessionApplication]:
    return SessionApplication.objects.filter(session=session).select_related("application__applicant").order_by("id")


def ballot_sheet(seat: Seat) -> list[SessionApplication]:
    """The entries the seat's expert votes on: every entry of the session except those they are recused from."""
    recused = recused_entry_ids(seat)
    return [e for e in entries(seat.session) if e.pk not in recused]


def not_voted(session: EvaluationSession) -> list[Seat]:
    """Attending experts who have not cast their ballot yet (names only; never what anyone chose)."""
    return list(attending_seats(session).filter(has_voted=False).select_related("expert").order_by("id"))


@dataclass(frozen=True)
class ExpertLine:
    name: str
    role: str


@dataclass(frozen=True)
class EntryLine:
    number: str
    applicant: str
    level: str
    panel_opinion: str
    defense: str
    remarks: str
    approvals: int | None
    disapprovals: int | None
    abstentions: int | None
    attending: int | None
    recused: int | None
    result: str
    rule: str


@dataclass(frozen=True)
class MinutesRecord:
    """The minutes' content (R-72): what every attending expert signs, hashed in a canonical form."""

    session: str
    committee: str
    meeting_on: str
    place: str
    opened_at: str
    closed_at: str
    presided_by: str
    committee_size: int
    attending: list[ExpertLine]
    absent: list[ExpertLine]
    entries: list[EntryLine]
    summary: str

    def canonical(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    @property
    def digest(self) -> str:
        return sm3_hex(self.canonical())


def _stamp(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def _expert(seat: Seat) -> ExpertLine:
    return ExpertLine(seat.expert.name, SeatRole(seat.role).label)


def _panel_opinion(entry: SessionApplication) -> str:
    try:
        opinion = entry.panel_opinion
    except PanelOpinion.DoesNotExist:
        return "无评议组意见"
    return f"{opinion.get_recommendation_display()}：{opinion.text}"


def _defense(entry: SessionApplication) -> str:
    try:
        slot = entry.defense
    except DefenseSlot.DoesNotExist:
        return "未安排答辩"
    return slot.get_attendance_display()


def _entry_line(entry: SessionApplication) -> EntryLine:
    application = entry.application
    remark = getattr(entry, "remark", None)
    result = getattr(entry, "result", None)
    return EntryLine(
        number=application.number,
        applicant=application.applicant.real_name,
        level=application.get_level_display(),
        panel_opinion=_panel_opinion(entry),
        defense=_defense(entry),
        remarks=remark.text if remark is not None else "",
        approvals=result.approvals if result is not None else None,
        disapprovals=result.disapprovals if result is not None else None,
        abstentions=result.abstentions if result is not None else None,
        attending=result.attending if result is not None else None,
        recused=result.recused if result is not None else None,
        result=("通过" if result.passed else "未通过") if result is not None else "尚未表决",
        rule=result.rule_label if result is not None else "",
    )


def minutes_record(minutes: Minutes) -> MinutesRecord:
    """Everything the minutes state, read in a few queries and never from the ballot table."""
    session = minutes.session
    seats = list(sitting_seats(session).select_related("expert").order_by("id"))
    rows = entries(session).select_related("application__plan", "panel_opinion", "defense", "remark", "result")
    return MinutesRecord(
        session=session.name,
        committee=session.committee.name,
        meeting_on=session.meeting_on.isoformat(),
        place=session.place,
        opened_at=_stamp(minutes.opened_at),
        closed_at=_stamp(minutes.closed_at),
        presided_by=minutes.chaired_by.expert.name,
        committee_size=committee_size(session),
        attending=[_expert(s) for s in seats if s.attended],
        absent=[_expert(s) for s in seats if not s.attended],
        entries=[_entry_line(e) for e in rows],
        summary=minutes.summary,
    )


def get_minutes(session: EvaluationSession) -> Minutes:
    minutes = Minutes.objects.select_related("session__committee", "chaired_by__expert").filter(session=session).first()
    if minutes is None:
        raise Http404
    return minutes


def signatures(minutes: Minutes) -> list[Signature]:
    return list(minutes.signatures.select_related("seat__expert").order_by("signed_at", "id"))


def vote_results(session: EvaluationSession) -> list[SessionApplication]:
    """The session's entries with their announced results (R-71)."""
    return list(entries(session).select_related("result"))
