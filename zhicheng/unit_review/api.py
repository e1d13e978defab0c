"""REST operations of the unit HR and the association (R-30…R-34), calling the same services as the pages."""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as Reply
from pydantic import ConfigDict

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import require_role
from zhicheng.applications import selectors as application_selectors
from zhicheng.applications.models import Application
from zhicheng.core.api_errors import ErrorOut, api_error, not_found
from zhicheng.unit_review import selectors, services
from zhicheng.unit_review.models import Objection, Posting, Recommendation
from zhicheng.unit_review.views import PAGE_SIZE, posting_notice_response

router = Router(tags=["unit-review"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class StrictIn(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")


class UnitReviewQueueQuery(Schema):
    status: str = Field(selectors.PENDING, description="pending（默认，待审核和公示中）、all 或某一状态")
    committee_id: int | None = None
    series_id: int | None = None
    level: str = ""
    q: str = Field("", max_length=40, description="申报人姓名或申报编号")
    page: int = Field(1, ge=1)


class UnitReviewQueueItemOut(Schema):
    id: int
    number: str
    applicant: str
    committee: str
    level: str
    level_label: str
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    due_on: datetime.date | None
    posting_starts_on: datetime.date | None
    posting_ends_on: datetime.date | None
    has_open_objection: bool


class UnitReviewQueueOut(Schema):
    count: int
    page: int
    pages: int
    items: list[UnitReviewQueueItemOut]


class ObjectionOut(Schema):
    id: int
    received_on: datetime.date
    summary: str
    raised_by: str
    status: str
    resolution: str
    resolved_at: datetime.datetime | None


class UnitReviewPostingOut(Schema):
    id: int
    version_number: int
    starts_on: datetime.date
    ends_on: datetime.date
    objections: list[ObjectionOut]


class RecommendationOut(Schema):
    id: int
    version_number: int
    opinion: str
    again: bool
    author: str
    created_at: datetime.datetime


class UnitReviewProblemOut(Schema):
    rule: str
    field: str
    message: str


class UnitReviewChangeOut(Schema):
    section: str
    item: str
    before: Any
    after: Any


class MoveOut(Schema):
    name: str
    label: str


class DetailOut(Schema):
    id: int
    number: str
    applicant: str
    status: str
    status_label: str
    due_on: datetime.date | None
    version_number: int | None
    snapshot: dict[str, Any] | None
    changes: list[UnitReviewChangeOut]
    problems: list[UnitReviewProblemOut]
    moves: list[MoveOut]
    postings: list[UnitReviewPostingOut]
    recommendations: list[RecommendationOut]


class UnitReviewStatusOut(Schema):
    id: int
    status: str
    status_label: str
    due_on: datetime.date | None


class ReturnIn(StrictIn):
    reason: str = Field(max_length=1000)


class PostingIn(StrictIn):
    starts_on: datetime.date = Field(strict=False, description="公示开始日期（YYYY-MM-DD），不早于今天")


class ObjectionIn(StrictIn):
    received_on: datetime.date = Field(strict=False)
    summary: str = Field(max_length=2000)
    raised_by: str = Field("", max_length=60)


class UnitReviewResolveIn(StrictIn):
    resolution: str = Field(max_length=2000)


class RecommendIn(StrictIn):
    opinion: str = Field(max_length=2000)
    again: bool = Field(False, description="补正后未作实质性修改，不重新公示直接再次推荐（R-42）")


class BulkPostingIn(StrictIn):
    ids: list[int] = Field(min_length=1, max_length=200)
    starts_on: datetime.date = Field(strict=False)


class BulkRecommendIn(StrictIn):
    ids: list[int] = Field(min_length=1, max_length=200)
    opinion: str = Field(max_length=2000)


class BulkItemOut(Schema):
    id: int
    number: str
    ok: bool
    message: str


def _reviewer(request: HttpRequest) -> User:
    return require_role(request, Role.UNIT_HR, Role.ASSOCIATION)


def _load(request: HttpRequest, pk: int) -> Application:
    application = application_selectors.list_applications_for(_reviewer(request)).filter(pk=pk).first()
    if application is None:
        raise not_found()
    return application


def _status(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "status": application.status,
        "status_label": application.get_status_display(),
        "due_on": application.due_on,
    }


def _posting(posting: Posting) -> dict[str, Any]:
    return {
        "id": posting.pk,
        "version_number": posting.version_number,
        "starts_on": posting.starts_on,
        "ends_on": posting.ends_on,
        "objections": [_objection(o) for o in posting.objections.all()],
    }


def _objection(objection: Objection) -> dict[str, Any]:
    return {
        "id": objection.pk,
        "received_on": objection.received_on,
        "summary": objection.summary,
        "raised_by": objection.raised_by,
        "status": objection.status,
        "resolution": objection.resolution,
        "resolved_at": objection.resolved_at,
    }


def _recommendation(r: Recommendation) -> dict[str, Any]:
    return {
        "id": r.pk,
        "version_number": r.version_number,
        "opinion": r.opinion,
        "again": r.again,
        "author": r.author.real_name or r.author.username,
        "created_at": r.created_at,
    }


ERRORS_409 = {**ERRORS, 409: ErrorOut}


@router.get("/applications", response={200: UnitReviewQueueOut, **ERRORS}, summary="待审核推荐的申报（分页、筛选）")
def queue(request: HttpRequest, filters: Query[UnitReviewQueueQuery]) -> dict[str, Any]:
    queryset = selectors.review_queue(
        _reviewer(request),
        selectors.QueueFilters(
            status=filters.status,
            committee=filters.committee_id,
            series=filters.series_id,
            level=filters.level,
            q=filters.q,
        ),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(filters.page)
    items = [
        {
            "id": a.pk,
            "number": a.number,
            "applicant": a.applicant.real_name,
            "committee": a.committee.name,
            "level": a.level,
            "level_label": a.get_level_display(),
            "status": a.status,
            "status_label": a.get_status_display(),
            "submitted_at": a.submitted_at,
            "due_on": a.due_on,
            "posting_starts_on": a.posting_starts_on,  # type: ignore[attr-defined]
            "posting_ends_on": a.posting_ends_on,  # type: ignore[attr-defined]
            "has_open_objection": a.has_open_objection,  # type: ignore[attr-defined]
        }
        for a in page
    ]
    return {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages, "items": items}


@router.get(
    "/applications/{pk}", response={200: DetailOut, **ERRORS}, summary="审核页：提交内容、变化、条件检查、可办理事项"
)
def detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    application = _load(request, pk)
    page = selectors.review_page(_reviewer(request), application)
    return {
        "id": application.pk,
        "number": application.number,
        "applicant": application.applicant.real_name,
        "status": application.status,
        "status_label": application.get_status_display(),
        "due_on": application.due_on,
        "version_number": page.version.number if page.version else None,
        "snapshot": page.version.snapshot if page.version else None,
        "changes": [c.__dict__ for c in page.changes],
        "problems": [p.__dict__ for p in page.problems],
        "moves": [{"name": m.name, "label": m.label} for m in page.moves],
        "postings": [_posting(p) for p in page.postings],
        "recommendations": [_recommendation(r) for r in page.recommendations],
    }


@router.post("/applications/{pk}/return", response={200: UnitReviewStatusOut, **ERRORS_409}, summary="退回申报人修改")
def return_to_applicant(request: HttpRequest, pk: int, payload: ReturnIn) -> dict[str, Any]:
    application = _load(request, pk)
    services.return_to_applicant(application, by=_reviewer(request), reason=payload.reason)
    return _status(application)


@router.post("/applications/{pk}/postings", response={201: UnitReviewPostingOut, **ERRORS_409}, summary="开始单位公示")
def start_posting(request: HttpRequest, pk: int, payload: PostingIn) -> Reply[Any]:
    application = _load(request, pk)
    posting = services.start_posting(application, by=_reviewer(request), starts_on=payload.starts_on)
    return Reply(201, _posting(posting))


@router.post("/applications/{pk}/objections", response={201: ObjectionOut, **ERRORS_409}, summary="登记公示异议")
def add_objection(request: HttpRequest, pk: int, payload: ObjectionIn) -> Reply[Any]:
    application = _load(request, pk)
    posting = services.latest_posting(application)
    if posting is None:
        raise api_error("该申报尚未公示", code="refused", field="status")
    objection = services.add_objection(
        posting,
        by=_reviewer(request),
        received_on=payload.received_on,
        summary=payload.summary,
        raised_by=payload.raised_by,
    )
    return Reply(201, _objection(objection))


@router.post(
    "/applications/{pk}/objections/{objection_pk}/resolve",
    response={200: ObjectionOut, **ERRORS_409},
    summary="记录异议处理结果",
)
def resolve_objection(request: HttpRequest, pk: int, objection_pk: int, payload: UnitReviewResolveIn) -> dict[str, Any]:
    objection = selectors.objection_for(_load(request, pk), objection_pk)
    if objection is None:
        raise not_found()
    services.resolve_objection(objection, by=_reviewer(request), resolution=payload.resolution)
    return _objection(objection)


@router.post("/applications/{pk}/recommend", response={201: RecommendationOut, **ERRORS_409}, summary="推荐上报")
def recommend(request: HttpRequest, pk: int, payload: RecommendIn) -> Reply[Any]:
    application = _load(request, pk)
    service = services.recommend_again if payload.again else services.recommend
    recommendation = service(application, by=_reviewer(request), opinion=payload.opinion)
    return Reply(201, _recommendation(recommendation))


def _bulk_out(results: list[services.BulkResult], ids: list[int]) -> list[dict[str, Any]]:
    out = [{"id": r.application.pk, "number": r.application.number, "ok": r.ok, "message": r.message} for r in results]
    done = {r.application.pk for r in results}
    out += [
        {"id": pk, "number": "", "ok": False, "message": "未找到该申报，或您无权办理"}
        for pk in dict.fromkeys(ids)
        if pk not in done
    ]
    return out


@router.post("/bulk/postings", response={200: list[BulkItemOut], **ERRORS}, summary="批量开始公示（逐份检查）")
def bulk_start_posting(request: HttpRequest, payload: BulkPostingIn) -> list[dict[str, Any]]:
    user = _reviewer(request)
    applications = selectors.applications_by_ids(user, payload.ids)
    return _bulk_out(services.bulk_start_posting(applications, by=user, starts_on=payload.starts_on), payload.ids)


@router.post("/bulk/recommend", response={200: list[BulkItemOut], **ERRORS}, summary="批量推荐上报（逐份检查）")
def bulk_recommend(request: HttpRequest, payload: BulkRecommendIn) -> list[dict[str, Any]]:
    user = _reviewer(request)
    if not payload.opinion.strip():
        raise api_error("请填写单位推荐意见", rule="R-32", field="opinion")
    applications = selectors.applications_by_ids(user, payload.ids)
    return _bulk_out(services.bulk_recommend(applications, by=user, opinion=payload.opinion), payload.ids)


@router.get(
    "/applications/{pk}/postings/{posting_pk}/notice",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra={"responses": {200: {"description": "PDF 文件", "content": {"application/pdf": {}}}}},
    summary="单位公示通知（PDF，不含证件号码和电话）",
)
def posting_notice(request: HttpRequest, pk: int, posting_pk: int) -> HttpResponse:
    application = _load(request, pk)
    posting = Posting.objects.filter(pk=posting_pk, application=application).first()
    if posting is None:
        raise not_found()
    posting.application = application
    return posting_notice_response(posting)
