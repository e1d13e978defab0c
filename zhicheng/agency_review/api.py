"""REST operations of the review agency (and the applicant's view of a correction notice), calling the services."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status as Reply
from pydantic import ConfigDict

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import require_role
from zhicheng.agency_review import selectors, services
from zhicheng.agency_review.models import CorrectionNotice
from zhicheng.applications.models import Application
from zhicheng.applications.selectors import list_applications_for
from zhicheng.core.api_errors import ErrorOut, not_found

router = Router(tags=["agency-review"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class AgencyReviewQueueQuery(Schema):
    committee: int | None = None
    status: str = ""
    level: str = ""
    q: str = ""
    page: int = 1


class AgencyReviewQueueItemOut(Schema):
    id: int
    number: str
    applicant: str
    committee: str
    level: str
    status: str
    status_label: str
    due_on: datetime.date | None


class AgencyReviewQueueOut(Schema):
    count: int
    page: int
    pages: int
    results: list[AgencyReviewQueueItemOut]


class AgencyReviewProblemOut(Schema):
    rule: str
    field: str
    message: str


class AgencyReviewChangeOut(Schema):
    section: str
    item: str
    before: Any
    after: Any


class ItemIn(Strict):
    target: str
    problem: str
    requirement: str


class AgencyReviewItemOut(Schema):
    target: str
    target_label: str
    problem: str
    requirement: str


class NoticeOut(Schema):
    id: int
    application_id: int
    version_number: int
    due_on: datetime.date
    created_at: datetime.datetime
    items: list[AgencyReviewItemOut]


class AgencyReviewOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    version_number: int | None
    problems: list[AgencyReviewProblemOut]
    changes: list[AgencyReviewChangeOut]
    unit_opinion: str | None
    corrections: list[NoticeOut]


class CorrectionIn(Strict):
    items: list[ItemIn]


class AgencyReviewApproveIn(Strict):
    payment_due_on: datetime.date


class FeeNoticeOut(Schema):
    application_id: int
    amount: Decimal
    due_on: datetime.date


class CountsOut(Schema):
    committee: str
    counts: dict[str, int]


class DashboardOut(Schema):
    committees: list[CountsOut]
    upcoming: list[AgencyReviewQueueItemOut]


def _reviewer(request: HttpRequest) -> User:
    return require_role(request, Role.AGENCY, Role.DISTRICT_BUREAU)


def _load(request: HttpRequest, pk: int) -> Application:
    application = list_applications_for(_reviewer(request)).filter(pk=pk).first()
    if application is None:
        raise not_found()
    return application


def _item(a: Application) -> dict[str, Any]:
    return {
        "id": a.pk,
        "number": a.number,
        "applicant": a.applicant.real_name,
        "committee": a.committee.name,
        "level": a.level,
        "status": a.status,
        "status_label": a.get_status_display(),
        "due_on": a.due_on,
    }


def _notice(notice: CorrectionNotice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "application_id": notice.application_id,
        "version_number": notice.version_number,
        "due_on": notice.due_on,
        "created_at": notice.created_at,
        "items": [
            {"target": i.target, "target_label": i.target_label, "problem": i.problem, "requirement": i.requirement}
            for i in notice.items.all()
        ],
    }


@router.get(
    "/", response={200: AgencyReviewQueueOut, **ERRORS}, summary="审核队列（按评委会、状态、级别筛选，每页50条）"
)
def queue(request: HttpRequest, filters: Query[AgencyReviewQueueQuery]) -> dict[str, Any]:
    chosen = selectors.QueueFilters.from_query(filters.dict())
    page = Paginator(selectors.review_queue(_reviewer(request), chosen), 50).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_item(a) for a in page],
    }


@router.get("/dashboard", response={200: DashboardOut, **ERRORS}, summary="各评委会状态统计与5日内到期事项")
def dashboard(request: HttpRequest) -> dict[str, Any]:
    user = _reviewer(request)
    return {
        "committees": [
            {"committee": row["committee"], "counts": dict(zip(selectors.AGENCY_STATUSES, row["counts"], strict=True))}
            for row in selectors.status_counts(user)
        ],
        "upcoming": [_item(a) for a in selectors.upcoming_deadlines(user, timezone.localdate())[:200]],
    }


@router.get(
    "/applications/{pk}", response={200: AgencyReviewOut, **ERRORS}, summary="审核单：条件核查、版本变化、单位意见"
)
def review(request: HttpRequest, pk: int) -> dict[str, Any]:
    application = _load(request, pk)
    sheet = selectors.review_sheet(application, timezone.localdate())
    return {
        "id": application.pk,
        "number": application.number,
        "status": application.status,
        "status_label": application.get_status_display(),
        "version_number": sheet.version.number if sheet.version else None,
        "problems": [p.__dict__ for p in sheet.problems],
        "changes": [c.__dict__ for c in sheet.changes],
        "unit_opinion": sheet.recommendation.opinion if sheet.recommendation else None,
        "corrections": [_notice(n) for n in sheet.notices],
    }


@router.post(
    "/applications/{pk}/correction", response={201: NoticeOut, **ERRORS}, summary="一次性告知补正（列明全部事项）"
)
def correction(request: HttpRequest, pk: int, payload: CorrectionIn) -> Reply[Any]:
    application = _load(request, pk)
    items = [services.ItemInput(i.target, i.problem, i.requirement) for i in payload.items]
    notice = services.request_correction(application, by=_reviewer(request), items=items)
    return Reply(201, _notice(notice))


@router.post("/applications/{pk}/approve", response={201: FeeNoticeOut, **ERRORS}, summary="审核通过并设定缴费期限")
def approve(request: HttpRequest, pk: int, payload: AgencyReviewApproveIn) -> Reply[Any]:
    application = _load(request, pk)
    notice = services.approve_application(application, by=_reviewer(request), payment_due_on=payload.payment_due_on)
    return Reply(201, {"application_id": application.pk, "amount": notice.amount, "due_on": notice.due_on})


@router.get("/corrections/{pk}", response={200: NoticeOut, **ERRORS}, summary="申报人查看本人的补正告知")
def correction_notice(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = require_role(request, Role.APPLICANT)
    notice = CorrectionNotice.objects.prefetch_related("items").filter(pk=pk, application__applicant=user).first()
    if notice is None:
        raise not_found()
    return _notice(notice)
