"""REST operations of the meeting, the secret ballot, the results and the minutes (same services as the pages)."""

from dataclasses import asdict
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status as Reply
from pydantic import ConfigDict

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import require_role
from zhicheng.ballots import receipts, selectors, services
from zhicheng.ballots.views import minutes_pdf_response
from zhicheng.core.api_errors import ErrorOut, api_error, not_found
from zhicheng.evaluations.models import EvaluationSession, Seat, SessionApplication, SessionStatus

router = Router(tags=["ballots"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PARTICIPANTS = (Role.AGENCY, Role.BUREAU, Role.EXPERT)


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class BallotAttendanceIn(Strict):
    attending_seat_ids: list[int]


class BallotSeatOut(Schema):
    id: int
    expert: str
    role: str
    attended: bool | None


class MeetingOut(Schema):
    status: str
    status_label: str
    committee_size: int
    attending: int
    presided_by: str | None
    seats: list[BallotSeatOut]


class ProgressOut(Schema):
    voted: int
    attending: int
    not_voted: list[str]


class SheetEntryOut(Schema):
    entry_id: int
    number: str
    applicant: str


class SheetOut(Schema):
    is_open: bool
    has_voted: bool
    entries: list[SheetEntryOut]


class ChoiceIn(Strict):
    entry_id: int
    choice: str


class BallotIn(Strict):
    choices: list[ChoiceIn]


class ReceiptOut(Schema):
    receipt: str


class ReceiptIn(Strict):
    receipt: str


class ReceiptCheckOut(Schema):
    recorded: bool
    counted: bool


class CloseIn(Strict):
    confirm: bool = False


class BallotResultOut(Schema):
    entry_id: int
    number: str
    applicant: str
    attending: int
    recused: int
    approvals: int
    disapprovals: int
    abstentions: int
    passed: bool
    rule: str


class TextIn(Strict):
    text: str


class BallotSignIn(Strict):
    password: str


class SignatureOut(Schema):
    expert: str
    signed_at: str
    content_digest: str


class MinutesOut(Schema):
    content: dict[str, Any]
    content_digest: str
    locked: bool
    pdf_sha256: str
    signatures: list[SignatureOut]


class BallotStatusOut(Schema):
    status: str
    status_label: str


def _session(request: HttpRequest, pk: int, *roles: Role) -> tuple[User, EvaluationSession]:
    user = require_role(request, *(roles or PARTICIPANTS))
    try:
        return user, selectors.get_session_for(user, pk)
    except Http404 as exc:
        raise not_found() from exc


def _status(session: EvaluationSession) -> dict[str, str]:
    session.refresh_from_db(fields=["status"])
    return {"status": session.status, "status_label": session.get_status_display()}


@router.get("/sessions/{pk}/meeting", response={200: MeetingOut, **ERRORS}, summary="评审会议：出席情况与主持人")
def meeting(request: HttpRequest, pk: int) -> dict[str, Any]:
    _, session = _session(request, pk, Role.AGENCY, Role.BUREAU)
    seats = list(selectors.sitting_seats(session).select_related("expert").order_by("id"))
    presider = selectors.presiding_seat(session)
    return {
        "status": session.status,
        "status_label": session.get_status_display(),
        "committee_size": selectors.committee_size(session),
        "attending": sum(1 for s in seats if s.attended),
        "presided_by": presider.expert.name if presider is not None else None,
        "seats": [
            {"id": s.pk, "expert": s.expert.name, "role": s.get_role_display(), "attended": s.attended} for s in seats
        ],
    }


@router.put("/sessions/{pk}/attendance", response={200: MeetingOut, **ERRORS}, summary="登记专家出席情况（R-68）")
def attendance(request: HttpRequest, pk: int, payload: BallotAttendanceIn) -> dict[str, Any]:
    user, session = _session(request, pk, Role.AGENCY)
    services.record_attendance(session, set(payload.attending_seat_ids), by=user)
    return meeting(request, pk)


@router.post("/sessions/{pk}/open-meeting", response={200: BallotStatusOut, **ERRORS}, summary="召开评审会议（R-68）")
def open_meeting(request: HttpRequest, pk: int) -> dict[str, str]:
    user, session = _session(request, pk, Role.AGENCY)
    services.open_meeting(session, by=user)
    return _status(session)


def _presiding(request: HttpRequest, pk: int) -> tuple[User, EvaluationSession]:
    user = require_role(request, Role.EXPERT)
    try:
        return user, selectors.get_presiding_session_for(user, pk)
    except Http404 as exc:
        raise not_found() from exc


@router.post("/sessions/{pk}/open-voting", response={200: BallotStatusOut, **ERRORS}, summary="主持人开始投票（R-69）")
def open_voting(request: HttpRequest, pk: int) -> dict[str, str]:
    user, session = _presiding(request, pk)
    services.open_voting(session, by=user)
    return _status(session)


@router.get("/sessions/{pk}/progress", response={200: ProgressOut, **ERRORS}, summary="投票进度与未投票专家姓名")
def progress(request: HttpRequest, pk: int) -> dict[str, Any]:
    _, session = _presiding(request, pk)
    voted, attending = services.voting_progress(session)
    return {"voted": voted, "attending": attending, "not_voted": [s.expert.name for s in selectors.not_voted(session)]}


def _own_seat(request: HttpRequest, pk: int) -> tuple[User, Seat]:
    user, session = _session(request, pk, Role.EXPERT)
    seat = selectors.attending_seat_of(user, session)
    if seat is None:
        raise not_found()
    return user, seat


@router.get("/sessions/{pk}/ballot", response={200: SheetOut, **ERRORS}, summary="本人的选票（回避的申报人不在其中）")
def ballot(request: HttpRequest, pk: int) -> dict[str, Any]:
    _, seat = _own_seat(request, pk)
    return {
        "is_open": seat.session.status == SessionStatus.VOTING,
        "has_voted": seat.has_voted,
        "entries": [
            {"entry_id": e.pk, "number": e.application.number, "applicant": e.application.applicant.real_name}
            for e in selectors.ballot_sheet(seat)
        ],
    }


@router.post(
    "/sessions/{pk}/ballots",
    response={201: ReceiptOut, **ERRORS},
    summary="一次提交全部表决意见，返回仅显示一次的回执码",
)
def cast(request: HttpRequest, pk: int, payload: BallotIn) -> Reply[Any]:
    user, seat = _own_seat(request, pk)
    choices = {c.entry_id: c.choice for c in payload.choices}
    if len(choices) != len(payload.choices):
        raise api_error("同一申报人只能表决一次", code="invalid", rule="R-70", field="choices")
    code = services.cast_ballots(seat, choices, by=user)
    return Reply(201, {"receipt": code})


@router.post(
    "/sessions/{pk}/receipt",
    response={200: ReceiptCheckOut, **ERRORS},
    summary="凭回执码核对选票是否已记录、已计入（不显示表决意见）",
)
def receipt(request: HttpRequest, pk: int, payload: ReceiptIn) -> dict[str, Any]:
    _, session = _session(request, pk)
    return asdict(receipts.check(session, payload.receipt))


def _results(session: EvaluationSession) -> list[dict[str, Any]]:
    return [
        {
            "entry_id": e.pk,
            "number": e.application.number,
            "applicant": e.application.applicant.real_name,
            "attending": e.result.attending,
            "recused": e.result.recused,
            "approvals": e.result.approvals,
            "disapprovals": e.result.disapprovals,
            "abstentions": e.result.abstentions,
            "passed": e.result.passed,
            "rule": e.result.rule_label,
        }
        for e in selectors.vote_results(session)
    ]


@router.post(
    "/sessions/{pk}/close-voting",
    response={200: list[BallotResultOut], **ERRORS},
    summary="结束投票、计票并宣布结果（R-69、R-71）",
)
def close_voting(request: HttpRequest, pk: int, payload: CloseIn) -> list[dict[str, Any]]:
    user, session = _presiding(request, pk)
    services.close_voting(session, by=user, confirmed=payload.confirm)
    return _results(session)


@router.get("/sessions/{pk}/results", response={200: list[BallotResultOut], **ERRORS}, summary="表决结果（宣布后）")
def results(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    _, session = _session(request, pk)
    if session.status not in selectors.RESULT_STATUSES:
        raise api_error("投票尚未结束，结果未宣布", code="not_announced", rule="R-71")
    return _results(session)


@router.put(
    "/sessions/{pk}/remarks/{entry_id}", response={200: BallotStatusOut, **ERRORS}, summary="填写专家发言摘要（R-72）"
)
def remark(request: HttpRequest, pk: int, entry_id: int, payload: TextIn) -> dict[str, str]:
    user, session = _session(request, pk, Role.AGENCY)
    try:
        entry = get_object_or_404(SessionApplication, pk=entry_id, session=session)
    except Http404 as exc:
        raise not_found() from exc
    services.save_remark(entry, payload.text, by=user)
    return _status(session)


@router.put("/sessions/{pk}/summary", response={200: BallotStatusOut, **ERRORS}, summary="填写会议情况摘要（R-72）")
def summary(request: HttpRequest, pk: int, payload: TextIn) -> dict[str, str]:
    user, session = _session(request, pk, Role.AGENCY)
    services.save_summary(session, payload.text, by=user)
    return _status(session)


def _minutes(session: EvaluationSession) -> dict[str, Any]:
    try:
        minutes = selectors.get_minutes(session)
    except Http404 as exc:
        raise not_found() from exc
    record = selectors.minutes_record(minutes)
    return {
        "content": asdict(record),
        "content_digest": record.digest,
        "locked": minutes.locked_at is not None,
        "pdf_sha256": minutes.pdf_sha256,
        "signatures": [
            {"expert": s.seat.expert.name, "signed_at": s.signed_at.isoformat(), "content_digest": s.content_digest}
            for s in selectors.signatures(minutes)
        ],
    }


@router.get("/sessions/{pk}/minutes", response={200: MinutesOut, **ERRORS}, summary="会议纪要内容与签署情况（R-72）")
def minutes(request: HttpRequest, pk: int) -> dict[str, Any]:
    _, session = _session(request, pk)
    return _minutes(session)


@router.post(
    "/sessions/{pk}/minutes/sign", response={200: MinutesOut, **ERRORS}, summary="出席专家输入密码签署纪要（R-71）"
)
def sign(request: HttpRequest, pk: int, payload: BallotSignIn) -> dict[str, Any]:
    user, session = _session(request, pk, Role.EXPERT)
    services.sign_minutes(session, by=user, password=payload.password)
    return _minutes(session)


@router.get(
    "/sessions/{pk}/minutes/pdf",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra={"responses": {200: {"description": "PDF 文件", "content": {"application/pdf": {}}}}},
    summary="已归档会议纪要（PDF）",
)
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    _, session = _session(request, pk)
    try:
        return minutes_pdf_response(session)
    except Http404 as exc:
        raise not_found() from exc


@router.post("/sessions/{pk}/report", response={200: BallotStatusOut, **ERRORS}, summary="评审结果报市局验收")
def report(request: HttpRequest, pk: int) -> dict[str, str]:
    user, session = _session(request, pk, Role.AGENCY)
    services.report_results(session, by=user)
    return _status(session)
