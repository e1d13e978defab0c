"""REST operations of the result postings, complaints, confirmation and letters (same services as the pages)."""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Router, Schema, UploadedFile
from ninja.decorators import decorate_view
from ninja.responses import Status as Reply
from pydantic import ConfigDict

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import require_role
from zhicheng.core.api_errors import ErrorOut, api_error, not_found
from zhicheng.core.client import client_ip
from zhicheng.materials.uploadhandlers import limit_upload_size, upload_too_large
from zhicheng.materials.validation import size_message
from zhicheng.postings import selectors, services
from zhicheng.postings.models import Complaint, PostedResult, ResultPosting
from zhicheng.postings.views import PAGE_SIZE, evidence_response, letter_response

router = Router(tags=["postings"])
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}
FILE_RESPONSE = {200: {"description": "文件", "content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}}


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class PostingOut(Schema):
    id: int
    publisher: str
    publisher_kind: str
    committee: str
    starts_on: datetime.date
    ends_on: datetime.date
    is_running: bool
    shown: int


class PostingPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[PostingOut]


class PublicResultOut(Schema):
    id: int
    name: str
    unit: str
    series: str
    specialty: str
    level: str
    level_label: str


class PostingDetailOut(Schema):
    posting: PostingOut
    count: int
    page: int
    pages: int
    results: list[PublicResultOut]


class ComplaintFiledOut(Schema):
    reference: str
    status: str
    status_label: str
    filed_at: datetime.datetime


class ReadySessionOut(Schema):
    id: int
    name: str
    committee: str
    meeting_on: datetime.date
    waiting: int


class PostIn(Strict):
    starts_on: datetime.date


class StaffResultOut(Schema):
    id: int
    application_id: int
    number: str
    name: str
    status: str
    status_label: str
    open_complaints: int
    withdrawn_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None
    hold_reason: str
    letter_url: str | None


class StaffPostingOut(Schema):
    posting: PostingOut
    results: list[StaffResultOut]


class HeldOut(Schema):
    application_id: int
    number: str
    name: str
    reason: str


class ConfirmationOut(Schema):
    confirmed: list[int]
    held: list[HeldOut]


class PostingResolveIn(Strict):
    founded: bool = False
    outcome: str


class ComplaintOut(Schema):
    id: int
    reference: str
    posted_result_id: int
    application_id: int
    applicant: str
    committee: str
    contact_name: str
    contact_phone: str
    text: str
    evidence_url: str | None
    status: str
    status_label: str
    outcome: str
    handled_by: str | None
    handled_at: datetime.datetime | None
    filed_at: datetime.datetime


class LetterOut(Schema):
    posted_result_id: int
    number: str
    name: str
    unit: str
    level_label: str
    confirmed_at: datetime.datetime | None
    url: str


def _page_number(value: int) -> int:
    return max(value, 1)


def _posting(posting: ResultPosting, today: datetime.date) -> dict[str, Any]:
    return {
        "id": posting.pk,
        "publisher": posting.publisher.name,
        "publisher_kind": posting.publisher.kind,
        "committee": posting.session.committee.name,
        "starts_on": posting.starts_on,
        "ends_on": posting.ends_on,
        "is_running": posting.is_running_on(today),
        "shown": getattr(posting, "shown", 0),
    }


# Public operations


@router.get("/postings", response={200: PostingPageOut, **ERRORS}, auth=None, summary="评审结果公示列表（公开）")
def list_postings(request: HttpRequest, publisher: str = "", page: int = 1) -> dict[str, Any]:
    today = timezone.localdate()
    current = Paginator(selectors.public_postings(today, publisher), PAGE_SIZE).get_page(_page_number(page))
    return {
        "count": current.paginator.count,
        "page": current.number,
        "pages": current.paginator.num_pages,
        "items": [_posting(p, today) for p in current.object_list],
    }


@router.get(
    "/postings/{pk}",
    response={200: PostingDetailOut, **ERRORS},
    auth=None,
    summary="公示名单（公开；按姓名或单位查询，每页50人）",
)
def posting_detail(request: HttpRequest, pk: int, q: str = "", page: int = 1) -> dict[str, Any]:
    today = timezone.localdate()
    try:
        posting = selectors.get_public_posting(pk, today)
    except Http404 as exc:
        raise not_found() from exc
    results = selectors.public_results(posting, q)
    current = Paginator(results, PAGE_SIZE).get_page(_page_number(page))
    posting_out = _posting(posting, today)
    posting_out["shown"] = posting.results.filter(withdrawn_at__isnull=True).count()
    return {
        "posting": posting_out,
        "count": current.paginator.count,
        "page": current.number,
        "pages": current.paginator.num_pages,
        "results": [_public_result(p) for p in current.object_list],
    }


def _public_result(posted: PostedResult) -> dict[str, Any]:
    application = posted.application
    return {
        "id": posted.pk,
        "name": application.applicant.real_name,
        "unit": application.unit.name if application.unit else "",
        "series": application.committee.series.name,
        "specialty": application.specialty.name if application.specialty else "",
        "level": application.level,
        "level_label": application.get_level_display(),
    }


@router.post(
    "/results/{pk}/complaints",
    response={201: ComplaintFiledOut, **ERRORS},
    auth=None,
    summary="公示期内投诉举报（公开；multipart：contact_name、contact_phone、text，可附 evidence）",
)
@decorate_view(limit_upload_size)
def file_complaint(
    request: HttpRequest,
    pk: int,
    contact_name: Form[str],
    contact_phone: Form[str],
    text: Form[str],
    evidence: File[UploadedFile | None] = None,
) -> Reply[Any]:
    try:
        posted = selectors.get_public_posted(pk, timezone.localdate())
    except Http404 as exc:
        raise not_found() from exc
    if upload_too_large(request):
        raise api_error(size_message(), code="too_large", field="evidence")
    complaint = services.file_complaint(
        posted,
        contact_name=contact_name,
        contact_phone=contact_phone,
        text=text,
        evidence=evidence,
        requester=client_ip(request),
    )
    return Reply(
        201,
        {
            "reference": complaint.reference,
            "status": complaint.status,
            "status_label": complaint.get_status_display(),
            "filed_at": complaint.filed_at,
        },
    )


# The bureau's posting desk


@router.get("/sessions/ready", response={200: list[ReadySessionOut], **ERRORS}, summary="有待公示的已验收结果的评审会")
def ready_sessions(request: HttpRequest) -> list[dict[str, Any]]:
    require_role(request, Role.BUREAU)
    return [
        {
            "id": s.pk,
            "name": s.name,
            "committee": s.committee.name,
            "meeting_on": s.meeting_on,
            "waiting": getattr(s, "waiting", 0),
        }
        for s in selectors.sessions_ready_to_post()
    ]


@router.post(
    "/sessions/{pk}/post",
    response={201: list[PostingOut], **ERRORS},
    summary="发布评审结果公示（高级由市人社局、中级初级由评审机构公示，R-81）",
)
def post_results(request: HttpRequest, pk: int, payload: PostIn) -> Reply[Any]:
    user = require_role(request, Role.BUREAU)
    try:
        session = selectors.get_session_to_post(user, pk)
    except Http404 as exc:
        raise not_found() from exc
    postings = services.post_results(session, by=user, starts_on=payload.starts_on)
    today = timezone.localdate()
    out = []
    for posting in postings:
        row = _posting(posting, today)
        row["shown"] = posting.results.count()
        out.append(row)
    return Reply(201, out)


def _bureau_posting(request: HttpRequest, pk: int) -> tuple[User, ResultPosting]:
    user = require_role(request, Role.BUREAU)
    try:
        return user, selectors.get_posting_for_bureau(user, pk)
    except Http404 as exc:
        raise not_found() from exc


@router.get(
    "/manage/postings/{pk}", response={200: StaffPostingOut, **ERRORS}, summary="公示详情：状态、投诉与暂缓原因"
)
def staff_posting(request: HttpRequest, pk: int) -> dict[str, Any]:
    _, posting = _bureau_posting(request, pk)
    results = []
    for posted in selectors.staff_results(posting):
        application = posted.application
        settled = posted.withdrawn_at or posted.confirmed_at
        results.append(
            {
                "id": posted.pk,
                "application_id": application.pk,
                "number": application.number,
                "name": application.applicant.real_name,
                "status": application.status,
                "status_label": application.get_status_display(),
                "open_complaints": getattr(posted, "open_complaints", 0),
                "withdrawn_at": posted.withdrawn_at,
                "confirmed_at": posted.confirmed_at,
                "hold_reason": "" if settled else services.hold_reason(posted),
                "letter_url": reverse("postings:letter", args=[posted.pk]) if posted.letter else None,
            }
        )
    return {"posting": _posting(posting, timezone.localdate()), "results": results}


@router.post("/postings/{pk}/confirm", response={200: ConfirmationOut, **ERRORS}, summary="公示期满确认备案（R-83）")
def confirm_results(request: HttpRequest, pk: int) -> dict[str, Any]:
    user, posting = _bureau_posting(request, pk)
    outcome = services.confirm_results(posting, by=user)
    return {
        "confirmed": [p.application_id for p in outcome.confirmed],
        "held": [
            {
                "application_id": p.application_id,
                "number": p.application.number,
                "name": p.application.applicant.real_name,
                "reason": reason,
            }
            for p, reason in outcome.held
        ],
    }


# Complaints


def _complaint(complaint: Complaint) -> dict[str, Any]:
    application = complaint.posted.application
    return {
        "id": complaint.pk,
        "reference": complaint.reference,
        "posted_result_id": complaint.posted_id,
        "application_id": application.pk,
        "applicant": application.applicant.real_name,
        "committee": application.committee.name,
        "contact_name": complaint.contact_name,
        "contact_phone": complaint.masked_phone,
        "text": complaint.text,
        "evidence_url": reverse("postings:evidence", args=[complaint.pk]) if complaint.evidence else None,
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "outcome": complaint.outcome,
        "handled_by": str(complaint.handled_by) if complaint.handled_by else None,
        "handled_at": complaint.handled_at,
        "filed_at": complaint.filed_at,
    }


@router.get(
    "/complaints",
    response={200: list[ComplaintOut], **ERRORS},
    summary="投诉举报（status=open 核查中 / closed 已办结）",
)
def list_complaints(request: HttpRequest, status: str = "open") -> list[dict[str, Any]]:
    user = require_role(request, Role.BUREAU, Role.AGENCY)
    return [_complaint(c) for c in selectors.complaints_for(user, is_open=status != "closed")[:200]]


@router.post("/complaints/{pk}/resolve", response={200: ComplaintOut, **ERRORS}, summary="办结投诉举报（R-82）")
def resolve_complaint(request: HttpRequest, pk: int, payload: PostingResolveIn) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU, Role.AGENCY)
    try:
        complaint = selectors.get_complaint_for(user, pk)
    except Http404 as exc:
        raise not_found() from exc
    resolved = services.resolve_complaint(complaint, by=user, founded=payload.founded, outcome=payload.outcome)
    return _complaint(selectors.complaints_for(user, is_open=False).get(pk=resolved.pk))


@router.get(
    "/complaints/{pk}/evidence",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra={"responses": FILE_RESPONSE},
    summary="投诉举报的证明材料",
)
def complaint_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_role(request, Role.BUREAU, Role.AGENCY)
    try:
        return evidence_response(user, pk)
    except Http404 as exc:
        raise not_found() from exc


# Result letters


@router.get("/letters", response={200: list[LetterOut], **ERRORS}, summary="评审结果反馈函（委托单位人事、市人社局）")
def list_letters(request: HttpRequest) -> list[dict[str, Any]]:
    user = require_role(request, Role.BUREAU, Role.UNIT_HR)
    return [
        {
            "posted_result_id": p.pk,
            "number": p.application.number,
            "name": p.application.applicant.real_name,
            "unit": p.application.unit.name if p.application.unit else "",
            "level_label": p.application.get_level_display(),
            "confirmed_at": p.confirmed_at,
            "url": reverse("postings:letter", args=[p.pk]),
        }
        for p in selectors.letters_for(user)[:200]
    ]


@router.get(
    "/letters/{pk}",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra={"responses": {200: {"description": "PDF 文件", "content": {"application/pdf": {}}}}},
    summary="下载评审结果反馈函（PDF，R-83）",
)
def download_letter(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_role(request, Role.BUREAU, Role.UNIT_HR)
    try:
        return letter_response(user, pk)
    except Http404 as exc:
        raise not_found() from exc
