"""REST operations of the data comparison (R-104): findings on an application, a conclusion, the report."""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import ConfigDict

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.applications.selectors import get_application_for
from zhicheng.comparison import selectors, services
from zhicheng.comparison.models import Finding
from zhicheng.core.api_errors import ErrorOut, not_found, refusal

router = Router(tags=["comparison"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class FindingOut(Schema):
    id: int
    application_id: int
    other_number: str
    kind: str
    kind_label: str
    detail: str
    score: float
    status: str
    note: str
    found_at: datetime.datetime


class ConclusionIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    status: str
    note: str


class ReportIn(Schema):
    year: int | None = None
    kind: str = ""
    status: str = ""
    page: int = 1


class ReportOut(Schema):
    count: int
    page: int
    num_pages: int
    items: list[FindingOut]


def _out(f: Finding, other_number: str) -> dict[str, Any]:
    return {
        "id": f.pk,
        "application_id": f.application_id,
        "other_number": other_number,
        "kind": f.kind,
        "kind_label": f.get_kind_display(),
        "detail": f.detail,
        "score": f.score,
        "status": f.status,
        "note": f.note,
        "found_at": f.found_at,
    }


@router.get(
    "/applications/{application_id}/findings", response={200: list[FindingOut], **ERRORS}, summary="一份申报的比对发现"
)
def findings(request: HttpRequest, application_id: int) -> list[dict[str, Any]]:
    user = require_role(request, *selectors.REVIEWER_ROLES, Role.BUREAU)
    try:
        application = get_application_for(user, application_id)
    except Http404 as exc:
        raise not_found() from exc
    return [_out(row.finding, row.other_number) for row in selectors.findings_for(user, application)]


@router.post(
    "/findings/{finding_id}/conclusion", response={200: FindingOut, **ERRORS}, summary="核查结论：explained 或 fraud"
)
def conclude(request: HttpRequest, finding_id: int, payload: ConclusionIn) -> dict[str, Any]:
    user = require_role(request, *selectors.REVIEWER_ROLES)
    try:
        finding = selectors.get_finding_for(user, finding_id)
    except Http404 as exc:
        raise not_found() from exc
    try:
        done = services.conclude_finding(finding, by=user, status=payload.status, note=payload.note)
    except services.ComparisonError as exc:
        raise refusal(exc) from exc
    return _out(done, "")


@router.get("/report", response={200: ReportOut, **ERRORS}, summary="市人社局的数据比对报告")
def report(request: HttpRequest, filters: Query[ReportIn]) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU)
    query = {k: str(v) for k, v in filters.dict().items() if v not in (None, "")}
    page = Paginator(selectors.report(user, selectors.ReportFilters.from_query(query)), 50).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "num_pages": page.paginator.num_pages,
        "items": [_out(f, f"{f.other.plan.year}年度 {f.other.number}" if f.other else "") for f in page],
    }
