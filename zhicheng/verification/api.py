"""REST operations of public verification (no login) and the holder's lookups (same services as the pages)."""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from pydantic import ConfigDict

from zhicheng.accounts.models import User
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.core.api_errors import ErrorOut, api_error, not_found, unauthenticated
from zhicheng.core.client import client_ip
from zhicheng.verification import selectors, services
from zhicheng.verification.models import Lookup, Method
from zhicheng.verification.services import Answer, Details
from zhicheng.verification.views import PAGE_SIZE, remember, remembered

router = Router(tags=["verification"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class LookupIn(Strict):
    number: str
    name: str


class QrIn(Strict):
    payload: str


class CodeIn(Strict):
    phone: str


class DetailsIn(Strict):
    code: str


class VerificationCertificateOut(Schema):
    number: str
    name: str
    series: str
    level: str
    level_label: str
    issued_on: datetime.date
    status: str
    status_label: str
    status_text: str
    revoked_on: datetime.date | None


class AnswerOut(Schema):
    found: bool
    message: str
    certificate: VerificationCertificateOut | None


class CodeSentOut(Schema):
    sent_to: str
    expires_in_minutes: int


class DetailsOut(VerificationCertificateOut):
    masked_id_number: str
    specialty: str
    committee: str
    approved_on: datetime.date
    record_matches: bool
    record_text: str


class LookupOut(Schema):
    id: int
    certificate_number: str
    at: datetime.datetime
    method: str
    method_label: str
    verifier_phone: str
    details_shown: bool


class LookupPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[LookupOut]


def _certificate(certificate: Certificate, status_text: str, masked_name: str) -> dict[str, Any]:
    revoked_at = certificate.revoked_at if certificate.status == CertificateStatus.REVOKED else None
    return {
        "number": certificate.number,
        "name": masked_name,
        "series": certificate.series_name,
        "level": certificate.level,
        "level_label": certificate.get_level_display(),
        "issued_on": timezone.localdate(certificate.issued_at),
        "status": certificate.status,
        "status_label": certificate.get_status_display(),
        "status_text": status_text,
        "revoked_on": timezone.localdate(revoked_at) if revoked_at else None,
    }


def _answer(request: HttpRequest, answer: Answer) -> AnswerOut:
    remember(request, answer)
    certificate = answer.certificate
    return AnswerOut(
        found=certificate is not None,
        message=answer.message,
        certificate=VerificationCertificateOut(**_certificate(certificate, answer.status_text, answer.masked_name))
        if certificate
        else None,
    )


def _remembered(request: HttpRequest) -> Lookup:
    current = remembered(request)
    if current is None:
        raise api_error("请先查询证书；查询后30分钟内可查看详细信息", code="lookup_required", rule="R-91")
    return current


@router.post("/lookup", auth=None, response={200: AnswerOut, **ERRORS}, summary="按证书编号和姓名查验")
def lookup(request: HttpRequest, payload: LookupIn) -> AnswerOut:
    answer = services.lookup_by_number(payload.number, payload.name, requester=client_ip(request), method=Method.API)
    return _answer(request, answer)


@router.post("/qr", auth=None, response={200: AnswerOut, **ERRORS}, summary="按二维码内容查验")
def qr(request: HttpRequest, payload: QrIn) -> AnswerOut:
    answer = services.lookup_by_qr(payload.payload, requester=client_ip(request), method=Method.API)
    return _answer(request, answer)


@router.post("/code", auth=None, response={200: CodeSentOut, **ERRORS}, summary="获取查看详细信息的短信验证码")
def code(request: HttpRequest, payload: CodeIn) -> CodeSentOut:
    current = _remembered(request)
    services.request_details_code(current, payload.phone)
    minutes = int(services.CODE_LIFETIME.total_seconds() // 60)
    return CodeSentOut(sent_to=current.masked_phone, expires_in_minutes=minutes)


@router.post("/details", auth=None, response={200: DetailsOut, **ERRORS}, summary="凭短信验证码查看证书详细信息")
def details(request: HttpRequest, payload: DetailsIn) -> DetailsOut:
    current = _remembered(request)
    shown: Details = services.check_details_code(current, payload.code)
    certificate = shown.certificate
    return DetailsOut(
        **_certificate(certificate, shown.status_text, shown.masked_name),
        masked_id_number=certificate.masked_id_number,
        specialty=certificate.specialty_name,
        committee=certificate.committee_name,
        approved_on=certificate.approved_on,
        record_matches=shown.record_matches,
        record_text=shown.record_text,
    )


@router.get("/my-lookups", response={200: LookupPageOut, **ERRORS}, summary="我的证书被查验记录")
def my_lookups(request: HttpRequest, certificate: int | None = None, page: int = 1) -> LookupPageOut:
    user = request.user
    if not isinstance(user, User):
        raise unauthenticated()
    mine = None
    if certificate is not None:
        mine = selectors.certificates_of(user).filter(pk=certificate).first()
        if mine is None:
            raise not_found()
    current = Paginator(selectors.list_lookups_for(user, mine), PAGE_SIZE).get_page(page)
    items = [
        LookupOut(
            id=lookup.pk,
            certificate_number=lookup.certificate.number if lookup.certificate else "",
            at=lookup.at,
            method=lookup.method,
            method_label=lookup.get_method_display(),
            verifier_phone=lookup.masked_phone,
            details_shown=lookup.details_shown,
        )
        for lookup in current
    ]
    paginator = current.paginator
    return LookupPageOut(count=paginator.count, page=current.number, pages=paginator.num_pages, items=items)
