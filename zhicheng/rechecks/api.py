"""REST operations of the re-check (R-84): the same services and checks as the pages."""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, UploadedFile
from ninja.decorators import decorate_view
from ninja.responses import Status as Reply
from pydantic import ConfigDict

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import require_role
from zhicheng.core.api_errors import ErrorOut, api_error, not_found
from zhicheng.materials.uploadhandlers import limit_upload_size, upload_too_large
from zhicheng.materials.validation import size_message
from zhicheng.rechecks import selectors, services
from zhicheng.rechecks.models import Recheck
from zhicheng.rechecks.views import PAGE_SIZE, evidence_response

router = Router(tags=["rechecks"])
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}


class RecheckOut(Schema):
    id: int
    application_id: int
    application_number: str
    applicant: str
    reason: str
    evidence_url: str | None
    status: str
    status_label: str
    filed_at: datetime.datetime
    due_on: datetime.date
    outcome: str
    outcome_label: str
    answer: str
    answered_at: datetime.datetime | None


class RecheckQueueOut(Schema):
    count: int
    page: int
    num_pages: int
    items: list[RecheckOut]


class PageIn(Schema):
    page: int = 1


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    outcome: str
    answer: str


def _out(recheck: Recheck) -> dict[str, Any]:
    application = recheck.application
    return {
        "id": recheck.pk,
        "application_id": application.pk,
        "application_number": application.number,
        "applicant": application.applicant.real_name,
        "reason": recheck.reason,
        "evidence_url": reverse("rechecks:evidence", args=[recheck.pk]) if recheck.evidence else None,
        "status": recheck.status,
        "status_label": recheck.get_status_display(),
        "filed_at": recheck.filed_at,
        "due_on": recheck.due_on,
        "outcome": recheck.outcome,
        "outcome_label": recheck.get_outcome_display(),
        "answer": recheck.answer,
        "answered_at": recheck.answered_at,
    }


def _recheck(user: User, pk: int) -> Recheck:
    try:
        return selectors.get_recheck_for(user, pk)
    except Http404 as exc:
        raise not_found() from exc


@router.post(
    "/applications/{application_id}",
    response={201: RecheckOut, **ERRORS},
    summary="申报人对本人评审结果申请复查（multipart：reason、confirm，可附 evidence）",
)
@decorate_view(limit_upload_size)
def file_recheck(
    request: HttpRequest,
    application_id: int,
    reason: Form[str],
    confirm: Form[bool] = False,
    evidence: File[UploadedFile | None] = None,
) -> Reply:
    user = require_role(request, Role.APPLICANT)
    try:
        application = selectors.get_own_application(user, application_id)
    except Http404 as exc:
        raise not_found() from exc
    if upload_too_large(request):
        raise api_error(size_message(), code="too_large", field="evidence")
    if not confirm:
        raise api_error("请确认后再提交复查申请", code="not_confirmed", field="confirm")
    recheck = services.file_recheck(application, reason=reason, evidence=evidence, by=user)
    return Reply(201, _out(recheck))


@router.get("/mine", response={200: list[RecheckOut], **ERRORS}, summary="本人的复查申请及答复")
def list_own_rechecks(request: HttpRequest) -> list[dict[str, Any]]:
    user = require_role(request, Role.APPLICANT)
    return [_out(r) for r in selectors.list_own_rechecks(user)]


@router.get(
    "/queue", response={200: RecheckQueueOut, **ERRORS}, summary="评审服务机构的复查申请（待答复在前，每页50条）"
)
def recheck_queue(request: HttpRequest, filters: Query[PageIn]) -> dict[str, Any]:
    user = require_role(request, *selectors.AGENCY_ROLES, Role.BUREAU)
    page = Paginator(selectors.queue_for(user), PAGE_SIZE).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "num_pages": page.paginator.num_pages,
        "items": [_out(r) for r in page],
    }


@router.get("/{recheck_id}", response={200: RecheckOut, **ERRORS}, summary="一项复查申请及其答复")
def get_recheck(request: HttpRequest, recheck_id: int) -> dict[str, Any]:
    user = require_role(request, Role.APPLICANT, *selectors.AGENCY_ROLES, Role.BUREAU)
    return _out(_recheck(user, recheck_id))


@router.post("/{recheck_id}/answer", response={200: RecheckOut, **ERRORS}, summary="评审服务机构答复复查申请")
def answer_recheck(request: HttpRequest, recheck_id: int, payload: AnswerIn) -> dict[str, Any]:
    user = require_role(request, *selectors.AGENCY_ROLES)
    try:
        recheck = selectors.get_recheck_to_answer(user, recheck_id)
    except Http404 as exc:
        raise not_found() from exc
    services.answer_recheck(recheck, answer=payload.answer, outcome=payload.outcome, by=user)
    return _out(recheck)


@router.get(
    "/{recheck_id}/evidence",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra={"responses": {200: {"description": "证据材料（PDF、JPG或PNG）"}}},
    summary="下载复查证据材料",
)
def download_evidence(request: HttpRequest, recheck_id: int) -> FileResponse:
    user = require_role(request, Role.APPLICANT, *selectors.AGENCY_ROLES, Role.BUREAU)
    try:
        return evidence_response(_recheck(user, recheck_id))
    except Http404 as exc:
        raise not_found() from exc
