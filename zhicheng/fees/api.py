"""REST operations of fees: the applicant's fee notice and payment order, the agency's reconciliation."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema
from ninja.responses import Status as Reply

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import require_role
from zhicheng.core.api_errors import ErrorOut, not_found
from zhicheng.fees import selectors, services
from zhicheng.fees.models import FeeNotice, PaymentStatus
from zhicheng.fees.views import receipt_response

router = Router(tags=["fees"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class PaymentOut(Schema):
    out_trade_no: str
    amount: Decimal
    status: str
    status_label: str
    paid_at: datetime.datetime | None
    receipt_url: str | None


class FeeOut(Schema):
    application_id: int
    amount: Decimal
    due_on: datetime.date
    application_status: str
    payments: list[PaymentOut]


class OrderOut(Schema):
    out_trade_no: str
    amount: Decimal
    pay_url: str


class ReconciliationRowOut(Schema):
    committee: str
    paid_count: int
    paid_sum: Decimal
    pending_count: int
    pending_sum: Decimal


def _applicant(request: HttpRequest) -> User:
    return require_role(request, Role.APPLICANT)


def _notice(request: HttpRequest, pk: int) -> FeeNotice:
    try:
        return selectors.get_fee_notice_for(_applicant(request), pk)
    except Http404 as exc:
        raise not_found() from exc


@router.get("/applications/{pk}", response={200: FeeOut, **ERRORS}, summary="本人申报的缴费通知与支付记录")
def fee(request: HttpRequest, pk: int) -> dict[str, Any]:
    notice = _notice(request, pk)
    return {
        "application_id": notice.application_id,
        "amount": notice.amount,
        "due_on": notice.due_on,
        "application_status": notice.application.status,
        "payments": [
            {
                "out_trade_no": p.out_trade_no,
                "amount": p.amount,
                "status": p.status,
                "status_label": p.get_status_display(),
                "paid_at": p.paid_at,
                "receipt_url": reverse("fees:receipt", args=[p.out_trade_no])
                if p.status == PaymentStatus.PAID
                else None,
            }
            for p in notice.payments.order_by("-created_at")
        ],
    }


@router.post("/applications/{pk}/payments", response={201: OrderOut, **ERRORS}, summary="创建支付订单，返回支付地址")
def pay(request: HttpRequest, pk: int) -> Reply[Any]:
    notice = _notice(request, pk)
    payment, url = services.start_payment(notice, by=_applicant(request))
    return Reply(201, {"out_trade_no": payment.out_trade_no, "amount": payment.amount, "pay_url": url})


@router.get("/reconciliation", response={200: list[ReconciliationRowOut], **ERRORS}, summary="评审费对账（按评委会）")
def reconciliation(request: HttpRequest) -> list[dict[str, object]]:
    return selectors.reconciliation(require_role(request, Role.AGENCY, Role.DISTRICT_BUREAU))


@router.get(
    "/payments/{out_trade_no}/receipt",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra={"responses": {200: {"description": "PDF 文件", "content": {"application/pdf": {}}}}},
    summary="缴费凭证（PDF）",
)
def receipt(request: HttpRequest, out_trade_no: str) -> HttpResponse:
    try:
        payment = selectors.get_own_payment(_applicant(request), out_trade_no)
    except Http404 as exc:
        raise not_found() from exc
    if payment.status != PaymentStatus.PAID:
        raise not_found()
    return receipt_response(payment)
