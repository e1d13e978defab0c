"""REST operations of evaluation sessions up to the filed roster, calling the same services as the pages.

Seats are returned only to the agency and the bureau (R-73); experts see their own seats and the applicant list.
"""

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.responses import Status as Reply
from pydantic import ConfigDict

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import require_role
from zhicheng.core.api_errors import ErrorOut, api_error, not_found
from zhicheng.evaluations import draw as drawing
from zhicheng.evaluations import selectors, services
from zhicheng.evaluations.models import Conflict, Draw, EvaluationSession, Seat, SeatStatus
from zhicheng.experts.models import Expert

router = Router(tags=["evaluations"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
T = TypeVar("T")


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class SessionIn(Strict):
    committee: int
    name: str
    meeting_on: datetime.date
    place: str
    experts_requested: int


class SessionOut(Schema):
    id: int
    name: str
    committee_id: int
    committee: str
    meeting_on: datetime.date
    place: str
    experts_requested: int
    committee_size: int | None
    status: str
    status_label: str
    entry_count: int


class DrawOut(Schema):
    id: int
    kind: str
    number: int
    pool_size: int
    excluded: int
    seed_commitment: str
    result: list[int]
    drawn_at: datetime.datetime
    by_system: bool


class EvaluationSeatOut(Schema):
    id: int
    expert_id: int
    expert: str
    draw_id: int
    status: str
    status_label: str
    role: str
    role_label: str
    note: str


class ConflictOut(Schema):
    id: int
    expert_id: int
    entry_id: int
    applicant: str
    source: str
    source_label: str
    reason: str


class SessionDetailOut(SessionOut):
    draws: list[DrawOut]
    seats: list[EvaluationSeatOut]
    conflicts: list[ConflictOut]


class OwnSeatOut(Schema):
    session_id: int
    committee: str
    meeting_on: datetime.date
    status: str
    status_label: str


class InvitationOut(Schema):
    committee: str
    meeting_on: datetime.date


class RespondIn(Strict):
    accept: bool
    reason: str = ""


class RespondOut(Schema):
    status: str
    status_label: str


class EvaluationEntryOut(Schema):
    id: int
    applicant: str
    unit: str
    level: str
    level_label: str
    specialty: str
    recused: bool


class DeclareIn(Strict):
    entry: int
    reason: str


class RecordIn(Strict):
    expert: int
    entry: int
    reason: str


class WithdrawIn(Strict):
    reason: str


class ReplacementOut(Schema):
    replacement_draw: int | None


class RosterIn(Strict):
    chair: int
    vice_chairs: list[int]


def _found(load: Callable[[], T]) -> T:
    try:
        return load()
    except Http404 as exc:
        raise not_found() from exc


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _managed(request: HttpRequest, pk: int, *roles: Role) -> tuple[User, EvaluationSession]:
    user = require_role(request, *(roles or (Role.AGENCY, Role.BUREAU)))
    return user, _found(lambda: selectors.get_managed_session_for(user, pk))


def _session_out(session: EvaluationSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "name": session.name,
        "committee_id": session.committee_id,
        "committee": session.committee.name,
        "meeting_on": session.meeting_on,
        "place": session.place,
        "experts_requested": session.experts_requested,
        "committee_size": session.committee_size,
        "status": session.status,
        "status_label": session.get_status_display(),
        "entry_count": getattr(session, "entry_count", None) or session.entries.count(),
    }


def _draw_out(draw: Draw) -> dict[str, Any]:
    return {
        "id": draw.pk,
        "kind": draw.kind,
        "number": draw.number,
        "pool_size": len(draw.pool),
        "excluded": len(draw.exclusions),
        "seed_commitment": draw.seed_commitment,
        "result": draw.result,
        "drawn_at": draw.drawn_at,
        "by_system": draw.drawn_by_id is None,
    }


def _seat_out(seat: Seat) -> dict[str, Any]:
    return {
        "id": seat.pk,
        "expert_id": seat.expert_id,
        "expert": seat.expert.name,
        "draw_id": seat.draw_id,
        "status": seat.status,
        "status_label": seat.get_status_display(),
        "role": seat.role,
        "role_label": seat.get_role_display(),
        "note": seat.response_note,
    }


def _conflict_out(conflict: Conflict) -> dict[str, Any]:
    return {
        "id": conflict.pk,
        "expert_id": conflict.expert_id,
        "entry_id": conflict.entry_id,
        "applicant": conflict.entry.application.applicant.real_name,
        "source": conflict.source,
        "source_label": conflict.get_source_display(),
        "reason": conflict.reason,
    }


def _detail(session: EvaluationSession) -> dict[str, Any]:
    return {
        **_session_out(session),
        "draws": [_draw_out(d) for d in selectors.session_draws(session)],
        "seats": [_seat_out(s) for s in selectors.session_seats(session)],
        "conflicts": [_conflict_out(c) for c in selectors.session_conflicts(session)],
    }


@router.get("/sessions", response={200: list[SessionOut], **ERRORS}, summary="评审会列表（评审服务机构、市人社局）")
def sessions(request: HttpRequest) -> list[dict[str, Any]]:
    user = require_role(request, Role.AGENCY, Role.BUREAU)
    return [_session_out(s) for s in selectors.list_sessions_for(user)]


@router.post("/sessions", response={201: SessionDetailOut, **ERRORS}, summary="创建评审会（纳入已缴费待评审的申报）")
def create_session(request: HttpRequest, payload: SessionIn) -> Reply[Any]:
    user = require_role(request, Role.AGENCY)
    committee = selectors.committees_for_new_session(user).filter(pk=payload.committee).first()
    if committee is None:
        raise api_error("评委会不存在或不属于本机构本年度名录", code="refused", rule="R-03", field="committee")
    session = services.create_session(
        by=user,
        committee=committee,
        name=payload.name,
        meeting_on=payload.meeting_on,
        place=payload.place,
        experts_requested=payload.experts_requested,
    )
    return Reply(201, _detail(session))


@router.get("/sessions/{pk}", response={200: SessionDetailOut, **ERRORS}, summary="评审会详情（含专家名单，R-73）")
def session(request: HttpRequest, pk: int) -> dict[str, Any]:
    _, evaluation = _managed(request, pk)
    return _detail(evaluation)


@router.post("/sessions/{pk}/request-draw", response={200: SessionDetailOut, **ERRORS}, summary="申请抽取专家")
def request_draw(request: HttpRequest, pk: int) -> dict[str, Any]:
    user, evaluation = _managed(request, pk, Role.AGENCY)
    services.request_draw(evaluation, by=user)
    return _detail(evaluation)


@router.post("/sessions/{pk}/draw", response={201: DrawOut, **ERRORS}, summary="随机抽取专家（市人社局）")
def draw(request: HttpRequest, pk: int) -> Reply[Any]:
    user, evaluation = _managed(request, pk, Role.BUREAU)
    result = services.draw_experts(evaluation, by=user, base_url=_base_url(request))
    return Reply(201, _draw_out(result))


@router.get("/draws/{pk}/record", response={200: dict[str, Any], **ERRORS}, summary="抽取记录（可据此复核抽取结果）")
def draw_record(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = require_role(request, Role.AGENCY, Role.BUREAU)
    return drawing.record_of(_found(lambda: selectors.get_draw_for(user, pk)))


@router.post("/sessions/{pk}/conflicts", response={201: ConflictOut, **ERRORS}, summary="评审服务机构记录专家回避")
def record_conflict(request: HttpRequest, pk: int, payload: RecordIn) -> Reply[Any]:
    user, evaluation = _managed(request, pk, Role.AGENCY)
    expert = Expert.objects.filter(pk=payload.expert).first()
    if expert is None:
        raise api_error("专家不存在", code="refused", field="expert")
    entry = services.entry_for(evaluation, payload.entry)
    conflict = services.record_conflict(evaluation, by=user, expert=expert, entry=entry, reason=payload.reason)
    return Reply(201, _conflict_out(conflict))


@router.post("/seats/{pk}/withdraw", response={200: ReplacementOut, **ERRORS}, summary="专家整体回避（自动补充抽取）")
def withdraw_seat(request: HttpRequest, pk: int, payload: WithdrawIn) -> dict[str, Any]:
    user = require_role(request, Role.AGENCY)
    seat = _found(lambda: selectors.get_managed_seat_for(user, pk))
    replacement = services.withdraw_seat(seat, by=user, reason=payload.reason, base_url=_base_url(request))
    return {"replacement_draw": replacement.pk if replacement else None}


@router.post("/sessions/{pk}/roster", response={200: SessionDetailOut, **ERRORS}, summary="指定职务并报备专家名单")
def file_roster(request: HttpRequest, pk: int, payload: RosterIn) -> dict[str, Any]:
    user, evaluation = _managed(request, pk, Role.AGENCY)
    services.file_roster(evaluation, by=user, chair=payload.chair, vice_chairs=payload.vice_chairs)
    return _detail(evaluation)


@router.get("/mine", response={200: list[OwnSeatOut], **ERRORS}, summary="我的评审任务（专家）")
def own_seats(request: HttpRequest) -> list[dict[str, Any]]:
    user = require_role(request, Role.EXPERT)
    return [
        {
            "session_id": s.session_id,
            "committee": s.session.committee.name,
            "meeting_on": s.session.meeting_on,
            "status": s.status,
            "status_label": s.get_status_display(),
        }
        for s in selectors.list_own_seats(user)
    ]


def _respond_out(seat: Seat) -> dict[str, Any]:
    seat.refresh_from_db(fields=["status"])
    return {"status": seat.status, "status_label": seat.get_status_display()}


@router.post("/mine/{pk}/respond", response={200: RespondOut, **ERRORS}, summary="确认参加或谢绝评审（专家）")
def respond(request: HttpRequest, pk: int, payload: RespondIn) -> dict[str, Any]:
    user = require_role(request, Role.EXPERT)
    seat = _found(lambda: selectors.get_own_seat(user, pk))
    services.respond_to_invitation(
        seat, by=user, accept=payload.accept, reason=payload.reason, base_url=_base_url(request)
    )
    return _respond_out(seat)


def _sitting(user: User, pk: int) -> Seat:
    seat = _found(lambda: selectors.get_own_seat(user, pk))
    if seat.status != SeatStatus.ACCEPTED or not seat.expert.has_signed_confidentiality:
        raise not_found()
    return seat


@router.get(
    "/mine/{pk}/entries", response={200: list[EvaluationEntryOut], **ERRORS}, summary="申报人名单（已确认参加的专家）"
)
def entries(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    seat = _sitting(require_role(request, Role.EXPERT), pk)
    recused = selectors.recused_entry_ids(seat)
    out = []
    for e in selectors.session_entries(seat.session):
        application = e.application
        unit = application.unit or application.association
        out.append(
            {
                "id": e.pk,
                "applicant": application.applicant.real_name,
                "unit": unit.name if unit else "",
                "level": application.level,
                "level_label": application.get_level_display(),
                "specialty": application.specialty.name if application.specialty else "",
                "recused": e.pk in recused,
            }
        )
    return out


@router.post("/mine/{pk}/conflicts", response={201: ConflictOut, **ERRORS}, summary="专家申报回避")
def declare_conflict(request: HttpRequest, pk: int, payload: DeclareIn) -> Reply[Any]:
    user = require_role(request, Role.EXPERT)
    seat = _sitting(user, pk)
    entry = services.entry_for(seat.session, payload.entry)
    conflict = services.declare_conflict(seat, by=user, entry=entry, reason=payload.reason)
    return Reply(201, _conflict_out(conflict))


@router.get(
    "/invitations/{token}", response={200: InvitationOut, **ERRORS}, auth=None, summary="短信邀请：评委会与日期"
)
def invitation(request: HttpRequest, token: str) -> dict[str, Any]:
    seat = _found(lambda: selectors.get_seat_by_token(token))
    return {"committee": seat.session.committee.name, "meeting_on": seat.session.meeting_on}


@router.post(
    "/invitations/{token}", response={200: RespondOut, **ERRORS}, auth=None, summary="短信邀请：确认参加或谢绝"
)
def answer_invitation(request: HttpRequest, token: str, payload: RespondIn) -> dict[str, Any]:
    seat = _found(lambda: selectors.get_seat_by_token(token))
    services.respond_to_invitation(
        seat, by=seat.expert.user, accept=payload.accept, reason=payload.reason, base_url=_base_url(request)
    )
    return _respond_out(seat)
