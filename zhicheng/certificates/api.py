"""REST operations of certificate issuing, revocation and download (same services as the pages)."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema
from ninja.responses import Status as Reply
from pydantic import ConfigDict

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import require_role
from zhicheng.catalog.models import Plan
from zhicheng.certificates import revocations, selectors, services
from zhicheng.certificates.keys import qr_public_key_pem
from zhicheng.certificates.models import Certificate, IssueBatch
from zhicheng.certificates.views import file_response, site_url
from zhicheng.core.api_errors import ErrorOut, not_found

router = Router(tags=["certificates"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class PendingPlanOut(Schema):
    id: int
    year: int
    title: str
    pending: int


class CertificateStartIn(Strict):
    plan_id: int


class BatchOut(Schema):
    id: int
    plan_id: int
    plan: str
    status: str
    status_label: str
    total: int
    done: int
    error: str
    created_by: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


class CertificateOut(Schema):
    id: int
    number: str
    holder_name: str
    masked_id_number: str
    series: str
    specialty: str
    level: str
    level_label: str
    committee: str
    approved_on: datetime.date
    issued_at: datetime.datetime
    decision_digest: str
    pdf_sha256: str
    notice_sha256: str
    status: str
    status_label: str
    revoked_at: datetime.datetime | None
    revoke_reason: str
    certificate_url: str
    notice_url: str


class RevokeIn(Strict):
    reason: str


class RevokedOut(Schema):
    number: str
    revoked_at: str | None


class RevocationListOut(Schema):
    issuer: str
    issued_at: str
    revoked: list[RevokedOut]
    signature: str


def _batch(batch: IssueBatch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "plan_id": batch.plan_id,
        "plan": str(batch.plan),
        "status": batch.status,
        "status_label": batch.get_status_display(),
        "total": batch.total,
        "done": batch.done,
        "error": batch.error,
        "created_by": str(batch.created_by),
        "created_at": batch.created_at,
        "finished_at": batch.finished_at,
    }


def _certificate(certificate: Certificate) -> dict[str, Any]:
    return {
        "id": certificate.pk,
        "number": certificate.number,
        "holder_name": certificate.holder_name,
        "masked_id_number": certificate.masked_id_number,
        "series": certificate.series_name,
        "specialty": certificate.specialty_name,
        "level": certificate.level,
        "level_label": certificate.get_level_display(),
        "committee": certificate.committee_name,
        "approved_on": certificate.approved_on,
        "issued_at": certificate.issued_at,
        "decision_digest": certificate.decision_digest,
        "pdf_sha256": certificate.pdf_sha256,
        "notice_sha256": certificate.notice_sha256,
        "status": certificate.status,
        "status_label": certificate.get_status_display(),
        "revoked_at": certificate.revoked_at,
        "revoke_reason": certificate.revoke_reason,
        "certificate_url": reverse("certificates:download", args=[certificate.pk, "certificate"]),
        "notice_url": reverse("certificates:download", args=[certificate.pk, "notice"]),
    }


# Issue batches (bureau, R-90)


@router.get("/plans/pending", response={200: list[PendingPlanOut], **ERRORS}, summary="有待制发证书人员的年度")
def pending_plans(request: HttpRequest) -> list[dict[str, Any]]:
    require_role(request, Role.BUREAU)
    return [
        {"id": p.pk, "year": p.year, "title": p.title, "pending": getattr(p, "pending", 0)}
        for p in selectors.plans_with_pending()
    ]


@router.post(
    "/batches",
    response={201: BatchOut, **ERRORS},
    summary="发起证书制发批次（已确认备案、尚未制发证书的人员，后台制发，R-90）",
)
def start_batch(request: HttpRequest, payload: CertificateStartIn) -> Reply[Any]:
    user = require_role(request, Role.BUREAU)
    plan = Plan.objects.filter(pk=payload.plan_id).first()
    if plan is None:
        raise not_found()
    batch = services.start_batch(plan, by=user, base_url=site_url(request))
    return Reply(201, _batch(batch))


@router.get("/batches", response={200: list[BatchOut], **ERRORS}, summary="制发批次（最近50批）")
def list_batches(request: HttpRequest) -> list[dict[str, Any]]:
    require_role(request, Role.BUREAU)
    return [_batch(b) for b in selectors.batches()[:50]]


def _bureau_batch(user: User, pk: int) -> IssueBatch:
    try:
        return selectors.get_batch_for(user, pk)
    except Http404 as exc:
        raise not_found() from exc


@router.get("/batches/{pk}", response={200: BatchOut, **ERRORS}, summary="制发批次进度")
def batch_progress(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _batch(_bureau_batch(require_role(request, Role.BUREAU), pk))


@router.get(
    "/issued", response={200: list[CertificateOut], **ERRORS}, summary="已制发证书（q 为证书编号或姓名；最多50条）"
)
def list_issued(request: HttpRequest, q: str = "") -> list[dict[str, Any]]:
    require_role(request, Role.BUREAU)
    return [_certificate(c) for c in selectors.bureau_certificates(q)[:50]]


# Revocation (bureau, R-92)


@router.post("/{pk}/revoke", response={200: CertificateOut, **ERRORS}, summary="撤销职称（须填写撤销原因，R-92）")
def revoke(request: HttpRequest, pk: int, payload: RevokeIn) -> dict[str, Any]:
    user = require_role(request, Role.BUREAU)
    try:
        certificate = selectors.get_certificate_to_revoke(user, pk)
    except Http404 as exc:
        raise not_found() from exc
    revoked = services.revoke_certificate(certificate, by=user, reason=payload.reason)
    return _certificate(revoked)


# The holder's certificates


@router.get("/mine", response={200: list[CertificateOut], **ERRORS}, summary="本人证书查询")
def mine(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - django_auth lets only logged-in users through
    return [_certificate(c) for c in selectors.certificates_of(user)]


@router.get(
    "/{pk}/{kind}.pdf",
    response={401: ErrorOut, 404: ErrorOut},
    openapi_extra={"responses": {200: {"description": "PDF 文件", "content": {"application/pdf": {}}}}},
    summary="下载电子职称证书（kind=certificate）或评价结果通知书（kind=notice），仅本人和市人社局",
)
def download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - django_auth lets only logged-in users through
    try:
        return file_response(user, pk, kind)
    except Http404 as exc:
        raise not_found() from exc


# Public


@router.get(
    "/revocations",
    response={200: RevocationListOut},
    auth=None,
    summary="已撤销证书名单（公开；signature 为其余字段规范JSON的 Ed25519 签名，base64url）",
)
def revocation_list(request: HttpRequest) -> dict[str, Any]:
    return revocations.revocation_list()


@router.get(
    "/public-key",
    auth=None,
    openapi_extra={"responses": {200: {"description": "PEM 公钥", "content": {"text/plain": {}}}}},
    summary="验签公钥（二维码载荷和撤销名单，Ed25519，PEM）",
)
def public_key(request: HttpRequest) -> HttpResponse:
    return HttpResponse(qr_public_key_pem(), content_type="text/plain; charset=utf-8")
