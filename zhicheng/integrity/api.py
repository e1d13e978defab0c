"""REST operations of the integrity archive (R-100) and fraud cases (R-25): the same services as the pages."""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import File, Form, Query, Router, Schema, UploadedFile
from ninja.decorators import decorate_view
from ninja.responses import Status as Reply
from pydantic import ConfigDict

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.applications.selectors import get_application_for
from zhicheng.core.api_errors import ApiError, ErrorOut, api_error, not_found, refusal
from zhicheng.core.errors import DomainError
from zhicheng.integrity import exports, fraud, selectors, services
from zhicheng.integrity.models import FraudCase, IntegrityRecord
from zhicheng.materials.uploadhandlers import limit_upload_size, upload_too_large
from zhicheng.materials.validation import size_message

router = Router(tags=["integrity"])
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}


class RecordOut(Schema):
    id: int
    name: str
    id_number_masked: str
    kind: str
    kind_label: str
    reason: str
    decision_number: str
    recorded_on: datetime.date
    expires_on: datetime.date
    promotion_barred_until: datetime.date | None
    is_revoked: bool
    appeal: str
    appeal_status: str


class RecordPageOut(Schema):
    count: int
    page: int
    num_pages: int
    items: list[RecordOut]


class SearchIn(Schema):
    q: str = ""
    kind: str = ""
    running: bool = False
    page: int = 1


class CaseOut(Schema):
    id: int
    application_id: int
    application_number: str
    facts: str
    status: str
    status_label: str
    decision_number: str
    is_serious: bool
    record_id: int | None


class FraudDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    decision: str
    decision_number: str = ""
    is_serious: bool = False
    note: str = ""


def _record(r: IntegrityRecord) -> dict[str, Any]:
    return {
        "id": r.pk,
        "name": r.name,
        "id_number_masked": r.masked_id_number,
        "kind": r.kind,
        "kind_label": r.get_kind_display(),
        "reason": r.reason,
        "decision_number": r.decision_number,
        "recorded_on": r.recorded_on,
        "expires_on": r.expires_on,
        "promotion_barred_until": r.promotion_barred_until,
        "is_revoked": r.is_revoked,
        "appeal": r.appeal,
        "appeal_status": r.appeal_status,
    }


def _case(c: FraudCase) -> dict[str, Any]:
    return {
        "id": c.pk,
        "application_id": c.application_id,
        "application_number": c.application.number,
        "facts": c.facts,
        "status": c.status,
        "status_label": c.get_status_display(),
        "decision_number": c.decision_number,
        "is_serious": c.is_serious,
        "record_id": c.record_id,
    }


def _refused(exc: DomainError) -> ApiError:
    return refusal(exc)


@router.get(
    "/records", response={200: RecordPageOut, **ERRORS}, summary="市人社局查询诚信档案（姓名、文号或完整证件号码）"
)
def search_records(request: HttpRequest, filters: Query[SearchIn]) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU)
    found = selectors.search_records(user, selectors.RecordFilters.from_query(filters.dict()))
    page = Paginator(found, 50).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "num_pages": page.paginator.num_pages,
        "items": [_record(r) for r in page],
    }


@router.get("/mine", response={200: list[RecordOut], **ERRORS}, summary="本人在诚信档案中的记录")
def own_records(request: HttpRequest) -> list[dict[str, Any]]:
    user = require_role(request, *Role)
    return [_record(r) for r in selectors.own_records(user)]


@router.get(
    "/export", response={200: dict[str, Any], **ERRORS}, summary="报送全国信用信息共享平台的签名文件（记录期内）"
)
def credit_export(request: HttpRequest) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU)
    return exports.credit_platform_export(selectors.search_records(user, selectors.RecordFilters(running=True)))


@router.post(
    "/applications/{application_id}/proposals",
    response={201: CaseOut, **ERRORS},
    summary="评审服务机构报请取消申报资格（multipart：facts，可附 evidence）",
)
@decorate_view(limit_upload_size)
def propose(
    request: HttpRequest, application_id: int, facts: Form[str], evidence: File[UploadedFile | None] = None
) -> Reply:
    user = require_role(request, Role.AGENCY, Role.DISTRICT_BUREAU)
    try:
        application = get_application_for(user, application_id)
    except Http404 as exc:
        raise not_found() from exc
    if upload_too_large(request):
        raise api_error(size_message(), code="too_large", field="evidence")
    try:
        case = fraud.propose_cancellation(application, by=user, facts=facts, evidence=evidence)
    except DomainError as exc:
        raise _refused(exc) from exc
    return Reply(201, _case(case))


@router.post(
    "/cases/{case_id}/decision", response={200: CaseOut, **ERRORS}, summary="市人社局决定取消申报资格或不予认定"
)
def decide(request: HttpRequest, case_id: int, payload: FraudDecisionIn) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU)
    try:
        case = selectors.get_case_for(user, case_id)
    except Http404 as exc:
        raise not_found() from exc
    try:
        if payload.decision == "cancel":
            fraud.cancel_for_fraud(
                case, by=user, decision_number=payload.decision_number, is_serious=payload.is_serious
            )
        elif payload.decision == "dismiss":
            fraud.dismiss_proposal(case, by=user, note=payload.note)
        else:
            raise api_error("decision 须为 cancel 或 dismiss", field="decision")
    except DomainError as exc:
        raise _refused(exc) from exc
    return _case(selectors.get_case_for(user, case_id))


@router.post("/records/{record_id}/revocation", response={200: RecordOut, **ERRORS}, summary="市人社局撤销误记的记录")
def revoke(request: HttpRequest, record_id: int, reason: Form[str]) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU)
    try:
        record = selectors.get_record_for(user, record_id)
        services.revoke_record(record, by=user, reason=reason)
    except Http404 as exc:
        raise not_found() from exc
    except services.RecordError as exc:
        raise api_error(str(exc), code="refused") from exc
    return _record(selectors.get_record_for(user, record_id))
