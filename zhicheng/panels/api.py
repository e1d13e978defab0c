"""REST operations of panels and defenses, calling the same selectors and services as the pages.

The agency arranges, the bureau reads the composition, experts see only their own panel (R-73),
applicants get their own defense notice."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema
from ninja.responses import Status as Reply
from pydantic import ConfigDict

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import require_role
from zhicheng.core.api_errors import ErrorOut, not_found
from zhicheng.panels import selectors, services, views
from zhicheng.panels.models import DefenseSlot, PanelOpinion
from zhicheng.panels.selectors import EntryRow

P = ParamSpec("P")
T = TypeVar("T")
router = Router(tags=["panels"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PDF = {"responses": {200: {"description": "PDF 文件", "content": {"application/pdf": {}}}}}
FILE = {"responses": {200: {"description": "申报材料文件", "content": {"application/octet-stream": {}}}}}


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class FormIn(Strict):
    panel_count: int


class MoveIn(Strict):
    panel_id: int


class BulkScheduleIn(Strict):
    starts_at: datetime.datetime
    minutes_each: int
    place: str


class ScheduleIn(Strict):
    starts_at: datetime.datetime
    place: str


class PanelAttendanceIn(Strict):
    attendance: str


class MarkIn(Strict):
    item_id: int
    points: Decimal | None = None
    grade: str = ""


class ScoresIn(Strict):
    scores: list[MarkIn]


class OpinionIn(Strict):
    recommendation: str
    text: str


class DefenseOut(Schema):
    id: int
    entry_id: int
    application_id: int
    panel: str
    starts_at: datetime.datetime
    place: str
    attendance: str
    attendance_label: str
    notice_url: str


class OpinionOut(Schema):
    recommendation: str
    recommendation_label: str
    text: str
    average_points: Decimal | None


class PanelEntryOut(Schema):
    id: int
    application_id: int
    number: str
    applicant: str
    level: str
    level_label: str
    specialty: str | None
    scored: int
    expected: int
    needs_defense: bool
    defense: DefenseOut | None
    opinion: OpinionOut | None


class MemberOut(Schema):
    id: int
    expert: str
    title: str
    unit: str
    is_leader: bool
    recusals: int


class PanelOut(Schema):
    id: int
    name: str
    specialty: str | None
    place: str
    members: list[MemberOut]
    entries: list[PanelEntryOut]


class CompositionOut(Schema):
    session_id: int
    status: str
    sitting: int
    panels: list[PanelOut]
    unassigned: list[PanelEntryOut]


class MyPanelOut(Schema):
    session_id: int
    session: str
    panel_id: int
    panel: str
    is_leader: bool
    colleagues: list[str]
    entries: list[PanelEntryOut]
    recused: list[int]
    scored_by_me: list[int]


class LabelValue(Schema):
    label: str
    value: Any


class PanelAttachmentOut(Schema):
    id: int
    kind_label: str
    name: str
    url: str


class PanelItemOut(Schema):
    id: int
    name: str
    kind: str
    max_points: int
    guidance: str
    points: Decimal | None
    grade: str


class PanelReviewOut(Schema):
    entry: PanelEntryOut
    panel: str
    recused: bool
    version_number: int | None
    fields: list[LabelValue]
    attachments: list[PanelAttachmentOut]
    unit_opinion: str | None
    standard_missing: bool
    items: list[PanelItemOut]
    can_score: bool
    is_writer: bool
    average_points: Decimal | None


def _found(getter: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call an access-checked selector, turning its 404 into the API's error shape."""
    try:
        return getter(*args, **kwargs)
    except Http404 as exc:
        raise not_found() from exc


def _agency(request: HttpRequest) -> User:
    return require_role(request, Role.AGENCY)


def _expert(request: HttpRequest) -> User:
    return require_role(request, Role.EXPERT)


def _defense(slot: DefenseSlot | None) -> dict[str, Any] | None:
    if slot is None:
        return None
    application_id = slot.entry.application_id
    return {
        "id": slot.pk,
        "entry_id": slot.entry_id,
        "application_id": application_id,
        "panel": slot.panel.name,
        "starts_at": slot.starts_at,
        "place": slot.place,
        "attendance": slot.attendance,
        "attendance_label": slot.get_attendance_display(),
        "notice_url": reverse("panels:defense_notice", args=[application_id]),
    }


def _opinion(opinion: PanelOpinion | None) -> dict[str, Any] | None:
    if opinion is None:
        return None
    return {
        "recommendation": opinion.recommendation,
        "recommendation_label": opinion.get_recommendation_display(),
        "text": opinion.text,
        "average_points": opinion.average_points,
    }


def _entry(row: EntryRow) -> dict[str, Any]:
    application = row.entry.application
    return {
        "id": row.entry.pk,
        "application_id": application.pk,
        "number": application.number,
        "applicant": application.applicant.real_name,
        "level": application.level,
        "level_label": application.get_level_display(),
        "specialty": application.specialty.name if application.specialty else None,
        "scored": row.progress.scored,
        "expected": row.progress.expected,
        "needs_defense": row.needs_defense,
        "defense": _defense(row.slot),
        "opinion": _opinion(row.opinion),
    }


def _composition(user: User, session_pk: int) -> dict[str, Any]:
    session = _found(selectors.get_session_for_staff, user, session_pk)
    composition = selectors.composition(session)
    return {
        "session_id": session.pk,
        "status": session.status,
        "sitting": composition.sitting,
        "panels": [
            {
                "id": row.panel.pk,
                "name": row.panel.name,
                "specialty": row.panel.specialty.name if row.panel.specialty else None,
                "place": row.panel.place,
                "members": [
                    {
                        "id": m.member.pk,
                        "expert": m.member.seat.expert.name,
                        "title": m.member.seat.expert.title_name,
                        "unit": m.member.seat.expert.unit_name,
                        "is_leader": m.member.is_leader,
                        "recusals": m.recusals,
                    }
                    for m in row.members
                ],
                "entries": [_entry(e) for e in row.entries],
            }
            for row in composition.panels
        ],
        "unassigned": [_entry(e) for e in composition.unassigned],
    }


# The agency and the bureau.


@router.get(
    "/sessions/{session_pk}", response={200: CompositionOut, **ERRORS}, summary="评议组组成、评分进度与答辩安排"
)
def composition(request: HttpRequest, session_pk: int) -> dict[str, Any]:
    return _composition(require_role(request, Role.AGENCY, Role.BUREAU), session_pk)


@router.post(
    "/sessions/{session_pk}/panels", response={201: CompositionOut, **ERRORS}, summary="按专业组建评议组（R-65）"
)
def form_panels(request: HttpRequest, session_pk: int, payload: FormIn) -> Reply[Any]:
    user = _agency(request)
    session = _found(selectors.get_session_for_agency, user, session_pk)
    services.form_panels(session, by=user, panel_count=payload.panel_count)
    return Reply(201, _composition(user, session_pk))


@router.post("/entries/{entry_pk}/move", response={200: CompositionOut, **ERRORS}, summary="将申报调整到另一评议组")
def move_entry(request: HttpRequest, entry_pk: int, payload: MoveIn) -> dict[str, Any]:
    user = _agency(request)
    entry = _found(selectors.get_entry_for_agency, user, entry_pk)
    panel = _found(selectors.get_panel_for_agency, user, payload.panel_id)
    services.move_entry(entry, to_panel=panel, by=user)
    return _composition(user, entry.session_id)


@router.post(
    "/members/{member_pk}/move", response={200: CompositionOut, **ERRORS}, summary="将专家调整到另一评议组（R-65）"
)
def move_member(request: HttpRequest, member_pk: int, payload: MoveIn) -> dict[str, Any]:
    user = _agency(request)
    member = _found(selectors.get_member_for_agency, user, member_pk)
    panel = _found(selectors.get_panel_for_agency, user, payload.panel_id)
    services.move_member(member, to_panel=panel, by=user)
    return _composition(user, member.panel.session_id)


@router.post("/members/{member_pk}/leader", response={200: CompositionOut, **ERRORS}, summary="指定评议组组长")
def appoint_leader(request: HttpRequest, member_pk: int) -> dict[str, Any]:
    user = _agency(request)
    member = _found(selectors.get_member_for_agency, user, member_pk)
    services.appoint_leader(member, by=user)
    return _composition(user, member.panel.session_id)


@router.post(
    "/panels/{panel_pk}/defenses",
    response={201: list[DefenseOut], **ERRORS},
    summary="批量安排本组答辩：开始时间＋每人时长，并短信通知（R-67）",
)
def schedule_panel(request: HttpRequest, panel_pk: int, payload: BulkScheduleIn) -> Reply[Any]:
    user = _agency(request)
    panel = _found(selectors.get_panel_for_agency, user, panel_pk)
    slots = services.schedule_panel_defenses(
        panel, by=user, starts_at=payload.starts_at, minutes_each=payload.minutes_each, place=payload.place
    )
    return Reply(201, [_defense(s) for s in slots])


@router.put(
    "/entries/{entry_pk}/defense", response={200: DefenseOut, **ERRORS}, summary="安排或调整一名申报人的答辩（R-67）"
)
def schedule_entry(request: HttpRequest, entry_pk: int, payload: ScheduleIn) -> dict[str, Any] | None:
    user = _agency(request)
    entry = _found(selectors.get_entry_for_agency, user, entry_pk)
    slot = services.schedule_defense(entry, by=user, starts_at=payload.starts_at, place=payload.place)
    return _defense(slot)


@router.post("/defenses/{slot_pk}/attendance", response={200: DefenseOut, **ERRORS}, summary="记录答辩情况：参加或缺席")
def attendance(request: HttpRequest, slot_pk: int, payload: PanelAttendanceIn) -> dict[str, Any] | None:
    user = _agency(request)
    slot = _found(selectors.get_slot_for_agency, user, slot_pk)
    slot = services.record_attendance(slot, by=user, attendance=payload.attendance)
    return _defense(slot)


# Experts.


@router.get("/mine", response={200: list[MyPanelOut], **ERRORS}, summary="专家本人所在评议组及本组申报")
def my_panels(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "session_id": p.member.panel.session_id,
            "session": p.member.panel.session.name,
            "panel_id": p.member.panel_id,
            "panel": p.member.panel.name,
            "is_leader": p.member.is_leader,
            "colleagues": [c.seat.expert.name for c in p.colleagues],
            "entries": [_entry(r) for r in p.rows],
            "recused": sorted(p.recused),
            "scored_by_me": sorted(p.mine),
        }
        for p in selectors.my_panels(_expert(request))
    ]


def _review(user: User, entry_pk: int) -> dict[str, Any]:
    entry = _found(selectors.get_entry_for_expert, user, entry_pk)
    sheet = selectors.review_sheet(entry, _found(selectors.member_for, user, entry))
    progress = sheet.progress
    row = EntryRow(entry, progress, sheet.slot, sheet.opinion)
    return {
        "entry": _entry(row),
        "panel": sheet.member.panel.name,
        "recused": sheet.recused,
        "version_number": sheet.version.number if sheet.version else None,
        "fields": [{"label": label, "value": value} for label, value in sheet.fields],
        "attachments": [
            {
                "id": a["id"],
                "kind_label": a["kind_label"],
                "name": a["name"],
                "url": reverse("panels:attachment", args=[entry.pk, a["id"]]),
            }
            for a in sheet.attachments
        ],
        "unit_opinion": sheet.recommendation.opinion if sheet.recommendation else None,
        "standard_missing": not sheet.items,
        "items": [
            {
                "id": r.item.pk,
                "name": r.item.name,
                "kind": r.item.kind,
                "max_points": r.item.max_points,
                "guidance": r.item.guidance,
                "points": r.points,
                "grade": r.grade,
            }
            for r in sheet.items
        ],
        "can_score": sheet.can_score,
        "is_writer": sheet.is_writer,
        "average_points": sheet.average,
    }


@router.get(
    "/entries/{entry_pk}", response={200: PanelReviewOut, **ERRORS}, summary="评议单：申报内容、材料、单位意见、评分"
)
def review(request: HttpRequest, entry_pk: int) -> dict[str, Any]:
    return _review(_expert(request), entry_pk)


@router.put("/entries/{entry_pk}/scores", response={200: PanelReviewOut, **ERRORS}, summary="保存本人评分（R-66）")
def save_scores(request: HttpRequest, entry_pk: int, payload: ScoresIn) -> dict[str, Any]:
    user = _expert(request)
    entry = _found(selectors.get_entry_for_expert, user, entry_pk)
    marks = {m.item_id: str(m.points) if m.points is not None else m.grade for m in payload.scores}
    services.save_scores(entry, by=user, marks=marks)
    return _review(user, entry_pk)


@router.put("/entries/{entry_pk}/opinion", response={200: OpinionOut, **ERRORS}, summary="组长填写评议组意见（R-66）")
def write_opinion(request: HttpRequest, entry_pk: int, payload: OpinionIn) -> dict[str, Any] | None:
    user = _expert(request)
    entry = _found(selectors.get_entry_for_expert, user, entry_pk)
    opinion = services.write_opinion(entry, by=user, recommendation=payload.recommendation, text=payload.text)
    return _opinion(opinion)


@router.get(
    "/entries/{entry_pk}/files/{attachment_pk}",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra=FILE,
    summary="下载本组申报的材料",
)
def attachment(request: HttpRequest, entry_pk: int, attachment_pk: int) -> FileResponse:
    found = _found(selectors.get_attachment_for_expert, _expert(request), entry_pk, attachment_pk)
    return _found(views.attachment_response, found)


# Applicants.


@router.get("/applications/{application_pk}/defense", response={200: DefenseOut, **ERRORS}, summary="本人的答辩安排")
def my_defense(request: HttpRequest, application_pk: int) -> dict[str, Any] | None:
    user = require_role(request, Role.APPLICANT)
    return _defense(_found(selectors.get_defense_for_applicant, user, application_pk))


@router.get(
    "/applications/{application_pk}/defense-notice",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra=PDF,
    summary="答辩通知书（PDF）",
)
def defense_notice(request: HttpRequest, application_pk: int) -> HttpResponse:
    user = require_role(request, Role.APPLICANT)
    return views.defense_notice_response(_found(selectors.get_defense_for_applicant, user, application_pk))
