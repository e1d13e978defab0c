"""Use cases of an evaluation session up to the filed roster: create, request and run the draw, answer invitations,
conflicts and recusals, withdrawals with replacement draws, and filing the roster (R-61, R-63, R-64)."""

import datetime
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.audit import services as audit
from zhicheng.catalog.models import Committee
from zhicheng.catalog.selectors import cn_date, current_plan
from zhicheng.core.crypto import sm3_hex
from zhicheng.core.errors import DomainError
from zhicheng.evaluations import lifecycle
from zhicheng.evaluations.draw import DrawError, run_draw
from zhicheng.evaluations.models import (
    Conflict,
    ConflictSource,
    Draw,
    DrawKind,
    EvaluationSession,
    Seat,
    SeatRole,
    SeatStatus,
    SessionApplication,
    SessionStatus,
)
from zhicheng.evaluations.selectors import ACTIVE_SEAT
from zhicheng.experts.models import Expert
from zhicheng.experts.services import composition_problems
from zhicheng.fees.selectors import ready_for_committee
from zhicheng.notifications.services import queue_sms

# Conflicts may be recorded until the vote starts; a conflict found during the vote would come too late.
CONFLICT_OPEN = frozenset({SessionStatus.CONFIRMING, SessionStatus.ROSTER_FILED, SessionStatus.MEETING})
RECORD_OPEN = CONFLICT_OPEN | {SessionStatus.PREPARING, SessionStatus.DRAW_REQUESTED}


class EvaluationError(DomainError):
    """A session use case refused."""


class RosterNotFiled(EvaluationError):
    """The roster's composition breaks R-61; problems lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems), rule="R-61")
        self.problems = problems


def _require_agency(by: User, committee: Committee) -> None:
    if by.role != Role.AGENCY or by.organization_id != committee.agency_id:
        raise EvaluationError("只有该评委会所属的评审服务机构可以办理")


def _lock(session: EvaluationSession) -> None:
    """Lock the session row and refresh it: seat changes and draws of one session happen one at a time."""
    list(EvaluationSession.objects.select_for_update().filter(pk=session.pk).values_list("pk"))
    session.refresh_from_db(fields=["status", "committee_size"])


@transaction.atomic
def create_session(
    *, by: User, committee: Committee, name: str, meeting_on: datetime.date, place: str, experts_requested: int
) -> EvaluationSession:
    """Open a session of the committee in this year's plan with every approved and paid application (R-52)."""
    _require_agency(by, committee)
    today = timezone.localdate()
    plan = current_plan(today)
    if plan is None or not plan.committees.filter(pk=committee.pk).exists():
        raise EvaluationError(f"“{committee.name}”不在{today.year}年度职称评审名录中", rule="R-03")
    if not name.strip():
        raise EvaluationError("请填写评审会名称", field="name")
    if not place.strip():
        raise EvaluationError("请填写会议地点", field="place")
    if meeting_on < today:
        raise EvaluationError("评审会议日期不能早于今天", field="meeting_on")
    if experts_requested < committee.min_experts:
        raise EvaluationError(
            f"申请抽取的专家人数不得少于评委会人数下限{committee.min_experts}人", rule="R-61", field="experts_requested"
        )
    if experts_requested % 2 == 0:
        raise EvaluationError("评委会人数应为奇数，请申请抽取奇数名专家", rule="R-61", field="experts_requested")
    ready = (
        ready_for_committee(committee)
        .select_related(None)
        .filter(plan=plan, evaluation__isnull=True)
        .select_for_update(of=("self",))
    )
    application_ids = list(ready.values_list("pk", flat=True))
    if not application_ids:
        raise EvaluationError("该评委会暂无已缴费待评审的申报", rule="R-52")
    session = EvaluationSession.objects.create(
        plan=plan,
        committee=committee,
        name=name.strip(),
        meeting_on=meeting_on,
        place=place.strip(),
        experts_requested=experts_requested,
        created_by=by,
    )
    SessionApplication.objects.bulk_create(
        SessionApplication(session=session, application_id=pk) for pk in application_ids
    )
    audit.record(
        session,
        by=by,
        action="create_session",
        to_state=session.status,
        data={"entries": len(application_ids), "experts_requested": experts_requested},
    )
    return session


def request_draw(session: EvaluationSession, *, by: User) -> EvaluationSession:
    """The agency asks the bureau to draw the session's experts (R-63)."""
    _require_agency(by, session.committee)
    return lifecycle.move(session, "request_draw", by=by)


def invitation_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("evaluations:invitation", args=[token])


def _draw_and_invite(
    session: EvaluationSession, *, kind: DrawKind, number: int, by: User | None, base_url: str
) -> Draw:
    """Run a draw, give each drawn expert an invited seat with a one-time link, and text them the link."""
    draw = run_draw(session, kind=kind, number=number, by=by)
    experts = Expert.objects.in_bulk(draw.result)
    for expert_id in draw.result:
        expert = experts[expert_id]
        token = secrets.token_urlsafe(32)
        seat = Seat.objects.create(session=session, expert=expert, draw=draw, token_digest=sm3_hex(token.encode()))
        if expert.phone:
            params = {
                "name": expert.name,
                "committee": session.committee.name,
                "date": cn_date(session.meeting_on),
                "link": invitation_url(base_url, token),
            }
            queue_sms(expert.phone, "expert_invited", params, about=seat)
    return draw


@transaction.atomic
def draw_experts(session: EvaluationSession, *, by: User, base_url: str) -> Draw:
    """The bureau draws the requested number of experts at random from the pool (R-63)."""
    _lock(session)
    lifecycle.move(session, "draw", by=by)
    return _draw_and_invite(session, kind=DrawKind.INITIAL, number=session.experts_requested, by=by, base_url=base_url)


def _replace(session: EvaluationSession, *, base_url: str) -> Draw | None:
    """Draw one expert for a freed seat, as the system; None (and an audit note) when nobody is left."""
    try:
        return _draw_and_invite(session, kind=DrawKind.REPLACEMENT, number=1, by=None, base_url=base_url)
    except DrawError as exc:
        audit.record(session, by=None, action="replacement_unavailable", reason=exc.message)
        return None


@transaction.atomic
def respond_to_invitation(seat: Seat, *, by: User | None, accept: bool, reason: str = "", base_url: str) -> Draw | None:
    """The expert accepts or declines; a decline triggers a replacement draw, returned here (R-63, R-74).

    by is the expert's account, or None when an expert without an account answers through the SMS link.
    """
    session = seat.session
    _lock(session)
    seat = Seat.objects.select_for_update().select_related("expert").get(pk=seat.pk)
    if by is not None and seat.expert.user_id != by.pk:
        raise EvaluationError("只能答复本人的评审邀请")
    if session.status != SessionStatus.CONFIRMING:
        raise EvaluationError("该评审会已不在专家确认阶段，不能再答复邀请")
    if seat.status != SeatStatus.INVITED:
        raise EvaluationError(f"您已答复过该邀请（{seat.get_status_display()}）")
    if accept and not seat.expert.has_signed_confidentiality:
        raise EvaluationError("确认参加评审前，请先签署保密协议", rule="R-74")
    seat.status = SeatStatus.ACCEPTED if accept else SeatStatus.DECLINED
    seat.responded_at = timezone.now()
    seat.response_note = reason.strip()[:200]
    seat.token_digest = None
    seat.save(update_fields=["status", "responded_at", "response_note", "token_digest"])
    audit.record(
        seat,
        by=by,
        action="accept" if accept else "decline",
        from_state=SeatStatus.INVITED,
        to_state=seat.status,
        reason=seat.response_note,
    )
    return None if accept else _replace(session, base_url=base_url)


@transaction.atomic
def withdraw_seat(seat: Seat, *, by: User, reason: str, base_url: str) -> Draw | None:
    """The agency withdraws an expert from the whole session (R-64); a replacement is drawn, returned here."""
    session = seat.session
    _lock(session)
    _require_agency(by, session.committee)
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if not reason.strip():
        raise EvaluationError("请填写回避原因", rule="R-64", field="reason")
    if session.status != SessionStatus.CONFIRMING:
        raise EvaluationError("专家名单报备后不能再整体撤换专家；如与个别申报人有利害关系，请记录回避", rule="R-64")
    if seat.status not in ACTIVE_SEAT:
        raise EvaluationError(f"该专家席位状态为“{seat.get_status_display()}”，不能回避")
    source = seat.status
    seat.status = SeatStatus.WITHDRAWN
    seat.response_note = reason.strip()[:200]
    seat.token_digest = None
    seat.save(update_fields=["status", "response_note", "token_digest"])
    audit.record(
        seat, by=by, action="withdraw_seat", from_state=source, to_state=seat.status, reason=seat.response_note
    )
    return _replace(session, base_url=base_url)


def _new_conflict(
    session: EvaluationSession,
    *,
    expert: Expert,
    entry: SessionApplication,
    source: ConflictSource,
    reason: str,
    by: User,
) -> Conflict:
    if not reason.strip():
        raise EvaluationError("请填写回避原因", rule="R-64", field="reason")
    if entry.session_id != session.pk:
        raise EvaluationError("该申报不在本评审会", field="entry")
    if Conflict.objects.filter(expert=expert, entry=entry).exists():
        raise EvaluationError("已记录该专家对该申报人的回避", rule="R-64")
    conflict = Conflict.objects.create(
        session=session, expert=expert, entry=entry, source=source, reason=reason.strip()[:200], recorded_by=by
    )
    audit.record(
        conflict,
        by=by,
        action=source,
        reason=conflict.reason,
        data={"session_id": session.pk, "expert_id": expert.pk, "entry_id": entry.pk},
    )
    return conflict


@transaction.atomic
def declare_conflict(seat: Seat, *, by: User, entry: SessionApplication, reason: str) -> Conflict:
    """The expert declares an interest in one applicant and withdraws for that applicant only (R-64)."""
    session = seat.session
    _lock(session)
    seat.refresh_from_db()
    if seat.expert.user_id != by.pk:
        raise EvaluationError("只能为本人申报回避")
    if seat.status != SeatStatus.ACCEPTED:
        raise EvaluationError("确认参加评审后才能查看申报人并申报回避")
    if session.status not in CONFLICT_OPEN:
        raise EvaluationError("表决开始后不能再申报回避", rule="R-64")
    return _new_conflict(
        session, expert=seat.expert, entry=entry, source=ConflictSource.EXPERT_DECLARED, reason=reason, by=by
    )


@transaction.atomic
def record_conflict(
    session: EvaluationSession, *, by: User, expert: Expert, entry: SessionApplication, reason: str
) -> Conflict:
    """The agency records an interest (R-64): before the draw it excludes the expert, after it recuses them."""
    _lock(session)
    _require_agency(by, session.committee)
    if session.status not in RECORD_OPEN:
        raise EvaluationError("表决开始后不能再记录回避", rule="R-64")
    drawn = session.draws.exists()
    if drawn and not session.seats.filter(expert=expert, status__in=ACTIVE_SEAT).exists():
        raise EvaluationError("该专家不在本评审会的专家名单中", field="expert")
    return _new_conflict(
        session, expert=expert, entry=entry, source=ConflictSource.AGENCY_RECORDED, reason=reason, by=by
    )


@transaction.atomic
def file_roster(session: EvaluationSession, *, by: User, chair: int, vice_chairs: list[int]) -> EvaluationSession:
    """Assign the roles of the accepted experts and file the list with the bureau (R-61, R-63).

    chair and vice_chairs are seat ids; the other accepted seats are members.
    """
    _lock(session)
    _require_agency(by, session.committee)
    if session.status != SessionStatus.CONFIRMING:
        raise EvaluationError(f"评审会当前状态为“{session.get_status_display()}”，不能报备专家名单")
    pending = session.seats.filter(status=SeatStatus.INVITED).count()
    if pending:
        raise EvaluationError(f"尚有{pending}名专家未答复邀请，请等待答复或办理回避后再报备", rule="R-63")
    accepted = set(session.seats.filter(status=SeatStatus.ACCEPTED).values_list("pk", flat=True))
    vice = set(vice_chairs)
    if chair not in accepted or not vice <= accepted:
        raise EvaluationError("主任委员和副主任委员须从已确认参加的专家中指定", rule="R-61")
    if chair in vice:
        raise EvaluationError("主任委员不能同时担任副主任委员", rule="R-61")
    problems = composition_problems(
        size=len(accepted),
        vice_chairs=len(vice),
        committee=session.committee,
        filed_experts=session.committee.filed_experts,
    )
    if problems:
        raise RosterNotFiled(problems)
    session.seats.filter(pk__in=accepted).update(role=SeatRole.MEMBER)
    session.seats.filter(pk=chair).update(role=SeatRole.CHAIR)
    session.seats.filter(pk__in=vice).update(role=SeatRole.VICE_CHAIR)
    session.committee_size = len(accepted)
    session.save(update_fields=["committee_size"])
    audit.record(
        session,
        by=by,
        action="assign_roles",
        data={"committee_size": len(accepted), "chair_seat": chair, "vice_chair_seats": sorted(vice)},
    )
    return lifecycle.move(session, "file_roster", by=by)


def entry_for(session: EvaluationSession, entry_id: int) -> SessionApplication:
    """An entry of the session by id, refusing ids of other sessions."""
    entry = SessionApplication.objects.filter(session=session, pk=entry_id).first()
    if entry is None:
        raise EvaluationError("该申报不在本评审会", field="entry")
    return entry
