from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhicheng.agency_review.tests.fixtures import approve
from zhicheng.applications.models import Status
from zhicheng.fees.gateways import simulated_notification
from zhicheng.fees.models import Payment, PaymentStatus
from zhicheng.fees.services import receive_notification, start_payment


@pytest.fixture
def notice(in_review, reviewer, fee):
    return approve(in_review, reviewer)


def test_r50_fee_page_shows_amount_and_deadline_and_a_pay_button(client, zhang_san, notice):
    client.force_login(zhang_san)

    page = client.get(reverse("fees:fee", args=[notice.application_id])).content.decode()

    assert "300.00 元" in page
    assert f"{notice.due_on.year}年{notice.due_on.month}月{notice.due_on.day}日" in page
    assert "网上缴费" in page


def test_paying_through_the_simulated_cashier_marks_the_application_paid(client, zhang_san, notice, in_review):
    client.force_login(zhang_san)

    to_cashier = client.post(reverse("fees:pay", args=[in_review.pk]))
    cashier = client.get(to_cashier.url).content.decode()
    payment = Payment.objects.get()
    back = client.post(reverse("fees:cashier_submit", args=[payment.out_trade_no]), {"action": "pay"}, follow=True)

    assert "¥ 300.00" in cashier
    assert "确认支付" in cashier
    assert "已成功缴纳评审费300.00元" in back.content.decode()
    assert "下载缴费凭证" in back.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == Status.PAID


def test_cancelling_at_the_cashier_leaves_the_fee_unpaid(client, zhang_san, notice, in_review):
    client.force_login(zhang_san)
    client.post(reverse("fees:pay", args=[in_review.pk]))
    payment = Payment.objects.get()

    back = client.post(reverse("fees:cashier_submit", args=[payment.out_trade_no]), {"action": "cancel"}, follow=True)

    assert "支付未完成" in back.content.decode()
    payment.refresh_from_db()
    in_review.refresh_from_db()
    assert (payment.status, in_review.status) == (PaymentStatus.FAILED, Status.APPROVED)


def test_receipt_is_a_pdf_for_a_paid_order_only(client, zhang_san, notice):
    payment, _ = start_payment(notice, by=zhang_san)
    client.force_login(zhang_san)
    assert client.get(reverse("fees:receipt", args=[payment.out_trade_no])).status_code == 404

    receive_notification(*simulated_notification(payment, paid=True))
    response = client.get(reverse("fees:receipt", args=[payment.out_trade_no]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["fee", "pay"])
def test_another_applicant_gets_404_for_the_fee_notice(client, li_si, notice, name):
    client.force_login(li_si)
    method = client.post if name == "pay" else client.get

    assert method(reverse(f"fees:{name}", args=[notice.application_id])).status_code == 404
    assert not Payment.objects.exists()


@pytest.mark.parametrize("name", ["cashier", "receipt"])
def test_another_applicant_gets_404_for_the_order(client, li_si, zhang_san, notice, name):
    payment, _ = start_payment(notice, by=zhang_san)
    receive_notification(*simulated_notification(payment, paid=True))
    client.force_login(li_si)

    assert client.get(reverse(f"fees:{name}", args=[payment.out_trade_no])).status_code == 404


def test_another_applicant_cannot_settle_the_order_at_the_cashier(client, li_si, zhang_san, notice):
    payment, _ = start_payment(notice, by=zhang_san)
    client.force_login(li_si)

    response = client.post(reverse("fees:cashier_submit", args=[payment.out_trade_no]), {"action": "pay"})

    assert response.status_code == 404
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_reconciliation_sums_paid_and_pending_per_committee(
    client, reviewer, zhang_san, notice, second_in_review, django_assert_max_num_queries
):
    approve(second_in_review, reviewer)
    payment, _ = start_payment(notice, by=zhang_san)
    receive_notification(*simulated_notification(payment, paid=True))
    client.force_login(reviewer)

    with django_assert_max_num_queries(8):
        page = client.get(reverse("fees:reconciliation")).content.decode()
    workbook = load_workbook(BytesIO(client.get(reverse("fees:reconciliation"), {"export": "xlsx"}).content))

    assert payment.out_trade_no in page
    summary = list(workbook["汇总"].iter_rows(values_only=True))
    assert summary[1][1:] == (1, 300, 1, 300)
    detail = list(workbook["缴费明细"].iter_rows(values_only=True))
    assert detail[1][0] == payment.out_trade_no


def test_another_agencys_staff_sees_nothing_in_the_reconciliation(client, other_reviewer, zhang_san, notice):
    payment, _ = start_payment(notice, by=zhang_san)
    receive_notification(*simulated_notification(payment, paid=True))
    client.force_login(other_reviewer)

    page = client.get(reverse("fees:reconciliation")).content.decode()

    assert payment.out_trade_no not in page
    assert "暂无缴费通知" in page


def test_applicants_may_not_open_the_reconciliation(client, zhang_san):
    client.force_login(zhang_san)

    assert client.get(reverse("fees:reconciliation")).status_code == 403


def test_reviewers_may_not_pay(client, reviewer, notice):
    client.force_login(reviewer)

    assert client.post(reverse("fees:pay", args=[notice.application_id])).status_code == 403
    assert not Payment.objects.exists()
