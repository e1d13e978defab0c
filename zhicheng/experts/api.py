"""REST operations of the expert pool, the confidentiality agreement and committee filings, calling the services."""

import datetime
from typing import Any, Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status as Reply
from pydantic import ConfigDict

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import require_role
from zhicheng.core.api_errors import ApiError, ErrorOut, api_error, not_found
from zhicheng.experts import importing, selectors, services
from zhicheng.experts.models import CommitteeFiling, Expert
from zhicheng.experts.permissions import AGREEMENT_VERSION, has_signed

router = Router(tags=["experts"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class PoolQuery(Schema):
    series: int | None = None
    specialty: int | None = None
    level: str = ""
    status: str = ""
    category: str = ""
    q: str = ""
    page: int = 1


class RefOut(Schema):
    id: int
    name: str


class ExpertOut(Schema):
    id: int
    name: str
    phone: str
    series: RefOut
    specialty: RefOut | None
    level: str
    level_label: str
    title_name: str
    unit_name: str
    unit_id: int | None
    categories: list[str]
    pool_owner: RefOut | None
    status: str
    status_label: str
    filed_on: datetime.date | None
    retired_on: datetime.date | None
    retire_reason: str
    confidentiality_signed: bool


class CategoryOut(Schema):
    key: str
    label: str
    count: int
    percent: float


class PoolOut(Schema):
    count: int
    page: int
    pages: int
    categories: list[CategoryOut]
    results: list[ExpertOut]


class RetireIn(Strict):
    reason: str


class BulkIn(Strict):
    action: Literal["file", "retire"]
    ids: list[int]
    reason: str = ""


class BulkOut(Schema):
    changed: int


class ExpertRowErrorOut(Schema):
    row: int
    column: str
    message: str


class ExpertImportOut(Schema):
    ok: bool
    created: int
    errors: list[ExpertRowErrorOut]


class AgreementOut(Schema):
    version: str
    signed: bool
    signed_at: datetime.datetime | None
    text: str


class ExpertSignIn(Strict):
    agree: bool


class FilingIn(Strict):
    committee_id: int
    size: int
    vice_chairs: int
    valid_from: datetime.date
    valid_until: datetime.date
    filed_experts: int | None = None
    reason: str = ""


class ExpertApproveIn(Strict):
    filing_number: str
    note: str = ""


class RejectIn(Strict):
    note: str


class FilingOut(Schema):
    id: int
    committee: RefOut
    size: int
    vice_chairs: int
    filed_experts: int | None
    reason: str
    valid_from: datetime.date
    valid_until: datetime.date
    status: str
    status_label: str
    submitted_at: datetime.datetime
    decided_at: datetime.datetime | None
    filing_number: str
    decision_note: str


class FilingsOut(Schema):
    count: int
    page: int
    pages: int
    results: list[FilingOut]


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _expert(e: Expert) -> dict[str, Any]:
    return {
        "id": e.pk,
        "name": e.name,
        "phone": e.masked_phone,
        "series": _ref(e.series),
        "specialty": _ref(e.specialty),
        "level": e.level,
        "level_label": e.get_level_display(),
        "title_name": e.title_name,
        "unit_name": e.unit_name,
        "unit_id": e.unit_id,
        "categories": e.categories,
        "pool_owner": _ref(e.pool_owner),
        "status": e.status,
        "status_label": e.get_status_display(),
        "filed_on": e.filed_on,
        "retired_on": e.retired_on,
        "retire_reason": e.retire_reason,
        "confidentiality_signed": has_signed(e),
    }


def _filing(f: CommitteeFiling) -> dict[str, Any]:
    return {
        "id": f.pk,
        "committee": _ref(f.committee),
        "size": f.size,
        "vice_chairs": f.vice_chairs,
        "filed_experts": f.filed_experts,
        "reason": f.reason,
        "valid_from": f.valid_from,
        "valid_until": f.valid_until,
        "status": f.status,
        "status_label": f.get_status_display(),
        "submitted_at": f.submitted_at,
        "decided_at": f.decided_at,
        "filing_number": f.filing_number,
        "decision_note": f.decision_note,
    }


def _pool_staff(request: HttpRequest) -> User:
    return require_role(request, Role.BUREAU, Role.AGENCY)


def _expert_for(user: User, pk: int) -> Expert:
    expert = selectors.list_experts_for(user).filter(pk=pk).first()
    if expert is None:
        raise not_found()
    return expert


def _filing_for(user: User, pk: int) -> CommitteeFiling:
    filing = selectors.list_filings_for(user).filter(pk=pk).first()
    if filing is None:
        raise not_found()
    return filing


@router.get(
    "/", response={200: PoolOut, **ERRORS}, summary="专家库（按系列、专业、级别、状态、类别、姓名筛选，每页50条）"
)
def pool(request: HttpRequest, filters: Query[PoolQuery]) -> dict[str, Any]:
    user = _pool_staff(request)
    chosen = selectors.PoolFilters.from_query(filters.dict())
    experts = selectors.list_experts_for(user, **chosen.as_kwargs())
    total, counts = selectors.category_counts(experts)
    page = Paginator(experts, 50).get_page(filters.page)
    return {
        "count": total,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "categories": [c.__dict__ for c in counts],
        "results": [_expert(e) for e in page],
    }


@router.post("/bulk", response={200: BulkOut, **ERRORS}, summary="市人社局批量备案或退出专家")
def bulk(request: HttpRequest, payload: BulkIn) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU)
    ids = set(payload.ids)
    experts = list(selectors.list_experts_for(user).filter(pk__in=ids))
    if len(experts) != len(ids):
        raise not_found()
    if payload.action == "file":
        changed = services.file_experts(experts, by=user)
    else:
        changed = services.retire_experts(experts, by=user, reason=payload.reason)
    return {"changed": changed}


@router.post(
    "/import",
    response={200: ExpertImportOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="市人社局从Excel导入专家（任一行有误则全部不导入，每处错误以“行:列”为 field 答复422）",
)
def import_workbook(request: HttpRequest, file: File[UploadedFile]) -> Reply[importing.ImportReport]:
    user = require_role(request, Role.BUREAU)
    if file.size is not None and file.size > importing.IMPORT_MAX_BYTES:
        raise api_error("文件过大，专家导入文件不超过5MB", field="file")
    report = importing.import_experts(file, by=user)
    if not report.ok:
        raise ApiError(
            [
                {"code": "invalid", "message": e.message, "field": f"{e.row}:{e.column}", "rule": None}
                for e in report.errors
            ]
        )
    return Reply(200, report)


def _agreement(expert: Expert) -> dict[str, Any]:
    text = strip_tags(render_to_string("experts/agreement_text.html"))
    return {
        "version": AGREEMENT_VERSION,
        "signed": has_signed(expert),
        "signed_at": expert.confidentiality_signed_at if has_signed(expert) else None,
        "text": "\n".join(line.strip() for line in text.splitlines() if line.strip()),
    }


@router.get("/confidentiality", response={200: AgreementOut, **ERRORS}, summary="专家本人查看保密协议及签署情况")
def agreement(request: HttpRequest) -> dict[str, Any]:
    user = require_role(request, Role.EXPERT)
    expert = selectors.own_expert(user)
    if expert is None:
        raise not_found()
    return _agreement(expert)


@router.post("/confidentiality", response={200: AgreementOut, **ERRORS}, summary="专家本人签署保密协议（R-74）")
def sign(request: HttpRequest, payload: ExpertSignIn) -> dict[str, Any]:
    user = require_role(request, Role.EXPERT)
    expert = selectors.own_expert(user)
    if expert is None:
        raise not_found()
    if not payload.agree:
        raise api_error("请先确认已阅读并同意遵守保密协议", field="agree", rule="R-74")
    services.sign_confidentiality(expert, by=user)
    return _agreement(expert)


@router.get("/filings", response={200: FilingsOut, **ERRORS}, summary="评委会核准备案申请（待审核的在前）")
def filings(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    user = _pool_staff(request)
    chosen = Paginator(selectors.list_filings_for(user), 50).get_page(page)
    return {
        "count": chosen.paginator.count,
        "page": chosen.number,
        "pages": chosen.paginator.num_pages,
        "results": [_filing(f) for f in chosen],
    }


@router.post("/filings", response={201: FilingOut, **ERRORS}, summary="评审服务机构为本机构评委会申请核准备案")
def submit_filing(request: HttpRequest, payload: FilingIn) -> Reply[Any]:
    user = require_role(request, Role.AGENCY)
    committee = selectors.committees_for_filing(user).filter(pk=payload.committee_id).first()
    if committee is None:
        raise not_found()
    filing = services.submit_filing(
        committee,
        by=user,
        size=payload.size,
        vice_chairs=payload.vice_chairs,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        filed_experts=payload.filed_experts,
        reason=payload.reason,
    )
    return Reply(201, _filing(filing))


@router.get("/filings/{int:pk}", response={200: FilingOut, **ERRORS}, summary="一份核准备案申请")
def filing(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _filing(_filing_for(_pool_staff(request), pk))


@router.post("/filings/{int:pk}/approve", response={200: FilingOut, **ERRORS}, summary="市人社局核准备案")
def approve_filing(request: HttpRequest, pk: int, payload: ExpertApproveIn) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU)
    chosen = _filing_for(user, pk)
    services.approve_filing(chosen, by=user, filing_number=payload.filing_number, note=payload.note)
    return _filing(chosen)


@router.post("/filings/{int:pk}/reject", response={200: FilingOut, **ERRORS}, summary="市人社局不予核准（须说明理由）")
def reject_filing(request: HttpRequest, pk: int, payload: RejectIn) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU)
    chosen = _filing_for(user, pk)
    services.reject_filing(chosen, by=user, note=payload.note)
    return _filing(chosen)


@router.get("/{int:pk}", response={200: ExpertOut, **ERRORS}, summary="一名专家（手机号码脱敏）")
def detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _expert(_expert_for(_pool_staff(request), pk))


@router.post("/{int:pk}/file", response={200: ExpertOut, **ERRORS}, summary="市人社局备案专家（待备案→已备案）")
def file_expert(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU)
    expert = _expert_for(user, pk)
    services.file_expert(expert, by=user)
    return _expert(expert)


@router.post("/{int:pk}/retire", response={200: ExpertOut, **ERRORS}, summary="市人社局让专家退出专家库（须说明原因）")
def retire_expert(request: HttpRequest, pk: int, payload: RetireIn) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU)
    expert = _expert_for(user, pk)
    services.retire_expert(expert, by=user, reason=payload.reason)
    return _expert(expert)
