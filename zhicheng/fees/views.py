"""Applicant's 缴费 page, the simulated cashier, the gateway callback, receipts and the agency's reconciliation."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.applications.models import Status
from zhicheng.fees import selectors, services
from zhicheng.fees.exports import reconciliation_workbook
from zhicheng.fees.gateways import SimulatedGateway, get_gateway, simulated_notification
from zhicheng.fees.models import Payment, PaymentStatus
from zhicheng.fees.pdf import render_receipt

applicant_only = role_required(Role.APPLICANT)
reviewers_only = role_required(Role.AGENCY, Role.DISTRICT_BUREAU)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by role_required
    return user


@applicant_only
@require_GET
def fee(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.get_fee_notice_for(_user(request), pk)
    payments = list(notice.payments.order_by("-created_at"))
    paid = next((p for p in payments if p.status == PaymentStatus.PAID), None)
    can_pay = notice.application.status == Status.APPROVED and timezone.localdate() <= notice.due_on
    return render(request, "fees/fee.html", {"notice": notice, "payments": payments, "paid": paid, "can_pay": can_pay})


@applicant_only
@require_POST
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.get_fee_notice_for(_user(request), pk)
    try:
        _, url = services.start_payment(notice, by=_user(request))
    except services.FeeError as exc:
        messages.error(request, exc.message)
        return redirect("fees:fee", pk=pk)
    return redirect(url)


def _simulated_only() -> None:
    if not isinstance(get_gateway(), SimulatedGateway):
        raise Http404


@applicant_only
@require_GET
def cashier(request: HttpRequest, out_trade_no: str) -> HttpResponse:
    """The simulated gateway's cashier page (收银台)."""
    _simulated_only()
    payment = selectors.get_own_payment(_user(request), out_trade_no)
    return render(request, "fees/cashier.html", {"payment": payment, "application": payment.fee_notice.application})


@applicant_only
@require_POST
def cashier_submit(request: HttpRequest, out_trade_no: str) -> HttpResponse:
    """确认支付 / 取消: the simulated gateway notifies the platform, then sends the applicant back."""
    _simulated_only()
    payment = selectors.get_own_payment(_user(request), out_trade_no)
    if payment.status == PaymentStatus.PENDING:
        payload, signature = simulated_notification(payment, paid=request.POST.get("action") == "pay")
        # The simulator and the platform share a process: its notification goes straight to the callback's handler.
        try:
            services.receive_notification(payload, signature)
        except services.NotificationRejected as exc:
            messages.error(request, f"支付结果未被接受：{exc}")
        payment.refresh_from_db()
    if payment.status == PaymentStatus.PAID:
        messages.success(request, f"已成功缴纳评审费{payment.amount}元")
    else:
        messages.warning(request, "支付未完成，可在缴费期限内重新支付")
    return redirect("fees:fee", pk=payment.fee_notice.application_id)


@csrf_exempt
@require_POST
def notify(request: HttpRequest) -> HttpResponse:
    """The gateway's server-to-server notification: form fields plus `sign`. Answers "success" or 400 "fail"."""
    payload = {key: str(value) for key, value in request.POST.items() if key != "sign"}
    try:
        services.receive_notification(payload, request.POST.get("sign", ""))
    except services.NotificationRejected:
        return HttpResponse("fail", content_type="text/plain", status=400)
    return HttpResponse("success", content_type="text/plain")


@applicant_only
@require_GET
def receipt(request: HttpRequest, out_trade_no: str) -> HttpResponse:
    payment = selectors.get_own_payment(_user(request), out_trade_no)
    if payment.status != PaymentStatus.PAID:
        raise Http404("该订单尚未支付")
    return receipt_response(payment)


def receipt_response(payment: Payment) -> HttpResponse:
    """The receipt PDF of a paid order, for the page and the API alike."""
    response = HttpResponse(render_receipt(payment), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"缴费凭证-{payment.out_trade_no}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@reviewers_only
@require_GET
def reconciliation(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    summary = selectors.reconciliation(user)
    payments = selectors.agency_payments(user)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(
            reconciliation_workbook(summary, payments),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition_header(True, f"评审费对账-{timezone.localdate()}.xlsx")
        return response
    page = Paginator(payments, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "fees/reconciliation.html",
        {"summary": summary, "page": page, "export_url": reverse("fees:reconciliation") + "?export=xlsx"},
    )
