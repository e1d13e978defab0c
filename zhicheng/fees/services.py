"""Fee notices, payment orders and the gateway's notifications (R-50, R-51)."""

import datetime
import secrets
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from zhicheng.accounts.models import User
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application, Status
from zhicheng.audit import services as audit
from zhicheng.catalog.models import Fee
from zhicheng.core.errors import DomainError
from zhicheng.fees.gateways import TRADE_CLOSED, TRADE_FINISHED, TRADE_SUCCESS, get_gateway
from zhicheng.fees.models import FeeNotice, Payment, PaymentStatus
from zhicheng.notifications.services import queue_sms


class FeeError(DomainError):
    """A refused fee operation."""


class NotificationRejected(Exception):
    """A gateway notification that is forged, tampered with or about an unknown order; nothing was changed."""


def fee_for(application: Application) -> Fee | None:
    """The approved fee standard for the application's year, committee and level (R-51)."""
    return Fee.objects.filter(
        plan_id=application.plan_id, committee_id=application.committee_id, level=application.level
    ).first()


def issue_fee_notice(application: Application, *, by: User, due_on: datetime.date) -> FeeNotice:
    """Write the fee notice of an approval; the caller moves the application in the same transaction."""
    fee = fee_for(application)
    if fee is None:
        raise FeeError(
            f"{application.plan.year}年度“{application.committee.name}”{application.get_level_display()}"
            "尚未设置评审费标准，请先由市人社局录入后再审核通过",
            rule="R-51",
        )
    if due_on < timezone.localdate():
        raise FeeError("缴费截止日期不能早于今天", rule="R-50", field="payment_due_on")
    return FeeNotice.objects.create(application=application, amount=fee.amount, due_on=due_on, created_by=by)


def start_payment(notice: FeeNotice, *, by: User) -> tuple[Payment, str]:
    """Open (or reuse) the pending order of the applicant's fee notice; returns it and the gateway URL to pay at."""
    with transaction.atomic():
        notice = FeeNotice.objects.select_for_update(of=("self",)).select_related("application").get(pk=notice.pk)
        application = notice.application
        if application.applicant_id != by.pk:
            raise FeeError("只能为本人的申报缴费")
        if application.status != Status.APPROVED:
            raise FeeError(f"申报当前状态为“{application.get_status_display()}”，无需缴费", field="status")
        if timezone.localdate() > notice.due_on:
            raise FeeError(f"缴费期限已于{notice.due_on:%Y年%m月%d日}截止", rule="R-50", field="due_on")
        payment = notice.payments.filter(status=PaymentStatus.PENDING).first()
        if payment is None:
            payment = Payment.objects.create(fee_notice=notice, out_trade_no=_new_trade_no(), amount=notice.amount)
            audit.record(payment, by=by, action="payment_created", data={"amount": str(payment.amount)})
    return payment, get_gateway().create_payment(payment)


def _new_trade_no() -> str:
    return f"ZC{timezone.localtime():%Y%m%d%H%M%S}{secrets.token_hex(4).upper()}"


def receive_notification(payload: dict[str, str], signature: str) -> Payment:
    """Settle an order from the gateway's notification; repeated or late notifications change nothing.

    1. the signature must verify and the amount must equal the order's, else NotificationRejected;
    2. the order row is locked, so concurrent deliveries of one notification run one after the other;
    3. a paid order stays paid (a later "closed" or a repeat is only acknowledged);
    4. success marks the order paid and moves the application to PAID with an SMS (R-103).
    """
    if not get_gateway().verify_notification(payload, signature):
        raise NotificationRejected("签名校验失败")
    return _settle(payload)


def settle_from_query(payment: Payment) -> Payment:
    """Ask the gateway about a pending order whose notification never arrived (alipay.trade.query) and settle it
    from the gateway's signed answer. GatewayUnavailable when it cannot be asked; gateways without a query API
    (the simulator) leave the order as it is."""
    query = getattr(get_gateway(), "query", None)
    if query is None:
        return payment
    record: dict[str, str] = query(payment.out_trade_no)
    if record.get("trade_status") not in {TRADE_SUCCESS, TRADE_FINISHED}:
        return payment
    return _settle({**record, "gmt_payment": record.get("send_pay_date", "")})


def _settle(payload: dict[str, str]) -> Payment:
    amount = _amount(payload.get("total_amount", ""))
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related(
                "fee_notice__application__applicant",
                "fee_notice__application__committee",
                "fee_notice__application__plan",
            )
            .filter(out_trade_no=payload.get("out_trade_no", ""))
            .first()
        )
        if payment is None:
            raise NotificationRejected("订单不存在")
        if amount != payment.amount:
            raise NotificationRejected("金额与订单不符")
        if payment.status == PaymentStatus.PAID:
            return payment
        status = payload.get("trade_status")
        if status == TRADE_CLOSED:
            _mark_failed(payment, payload)
        elif status in {TRADE_SUCCESS, TRADE_FINISHED}:
            _mark_paid(payment, payload)
        else:
            raise NotificationRejected("未知的交易状态")
    return payment


def _amount(raw: str) -> Decimal:
    try:
        return Decimal(raw).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise NotificationRejected("金额格式错误") from exc


def _paid_at(raw: str) -> datetime.datetime:
    try:
        parsed = parse_datetime(raw)
    except ValueError:  # well-formed but impossible, e.g. 2026-02-30
        return timezone.now()
    if parsed is None:
        return timezone.now()
    # Alipay writes Beijing time without an offset ("2026-06-08 10:00:00").
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _mark_failed(payment: Payment, payload: dict[str, str]) -> None:
    if payment.status == PaymentStatus.PENDING:
        payment.status = PaymentStatus.FAILED
        payment.raw_notification = payload
        payment.save(update_fields=["status", "raw_notification"])
        audit.record(payment, by=None, action="payment_closed", from_state="pending", to_state="failed")


def _mark_paid(payment: Payment, payload: dict[str, str]) -> None:
    source = payment.status
    payment.status = PaymentStatus.PAID
    payment.gateway_txn_id = payload.get("trade_no") or None
    payment.paid_at = _paid_at(payload.get("gmt_payment", ""))
    payment.raw_notification = payload
    try:
        with transaction.atomic():
            payment.save(update_fields=["status", "gateway_txn_id", "paid_at", "raw_notification"])
    except IntegrityError as exc:  # the fee notice is already settled by another order, or the txn id is reused
        raise NotificationRejected("该缴费通知已有成功支付记录，或支付流水号重复") from exc
    audit.record(
        payment,
        by=None,
        action="payment_paid",
        from_state=source,
        to_state="paid",
        data={"txn": payment.gateway_txn_id},
    )
    application = payment.fee_notice.application
    if application.status != Status.APPROVED:
        # Money arrived after the application left APPROVED (e.g. abandoned): the agency refunds it.
        audit.record(application, by=None, action="payment_after_close", reason=f"订单{payment.out_trade_no}需退款")
        return
    lifecycle.move(application, "pay", by=None, reason=f"支付流水号{payment.gateway_txn_id}")
    applicant = application.applicant
    queue_sms(
        applicant.phone,
        "payment_received",
        {
            "name": applicant.real_name,
            "number": application.number,
            "committee": application.committee.name,
            "fee": f"{payment.amount:.2f}",
        },
        about=application,
    )
