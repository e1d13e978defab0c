import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from zhicheng.agency_review.tests.fixtures import approve
from zhicheng.applications.models import Status
from zhicheng.fees.gateways import TRADE_SUCCESS, sign, simulated_notification
from zhicheng.fees.models import Payment, PaymentStatus
from zhicheng.fees.services import FeeError, NotificationRejected, receive_notification, start_payment
from zhicheng.notifications.models import SmsMessage


@pytest.fixture
def notice(in_review, reviewer, fee):
    return approve(in_review, reviewer)


@pytest.fixture
def order(notice, zhang_san):
    payment, _ = start_payment(notice, by=zhang_san)
    return payment


def _post(client, payload, signature):
    return client.post(reverse("fees:notify"), {**payload, "sign": signature})


def test_r50_paying_moves_the_application_to_paid_and_texts_the_applicant(order, in_review, zhang_san):
    payload, signature = simulated_notification(order, paid=True)

    receive_notification(payload, signature)

    order.refresh_from_db()
    in_review.refresh_from_db()
    assert (order.status, order.gateway_txn_id) == (PaymentStatus.PAID, payload["trade_no"])
    assert in_review.status == Status.PAID
    sms = SmsMessage.objects.get(template_id="payment_received")
    assert (sms.phone, sms.params["fee"]) == (zhang_san.phone, "300.00")


def test_a_notification_delivered_twice_records_one_payment(client, order, in_review):
    payload, signature = simulated_notification(order, paid=True)

    first = _post(client, payload, signature)
    second = _post(client, payload, signature)

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.content == second.content == b"success"
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1
    assert SmsMessage.objects.filter(template_id="payment_received").count() == 1


def test_a_late_closed_notification_after_success_changes_nothing(client, order, in_review):
    paid = simulated_notification(order, paid=True)
    closed = simulated_notification(order, paid=False)

    _post(client, *paid)
    response = _post(client, *closed)

    assert response.status_code == 200
    order.refresh_from_db()
    in_review.refresh_from_db()
    assert (order.status, in_review.status) == (PaymentStatus.PAID, Status.PAID)


def test_success_arriving_after_closed_still_records_the_payment(client, order, in_review):
    _post(client, *simulated_notification(order, paid=False))
    order.refresh_from_db()
    assert order.status == PaymentStatus.FAILED

    _post(client, *simulated_notification(order, paid=True))

    order.refresh_from_db()
    in_review.refresh_from_db()
    assert (order.status, in_review.status) == (PaymentStatus.PAID, Status.PAID)


def test_a_forged_notification_is_refused_and_changes_nothing(client, order, in_review):
    payload, _ = simulated_notification(order, paid=True)

    response = _post(client, payload, "0" * 64)

    assert response.status_code == 400
    order.refresh_from_db()
    in_review.refresh_from_db()
    assert (order.status, in_review.status) == (PaymentStatus.PENDING, Status.APPROVED)


def test_a_tampered_amount_is_refused_even_when_signed_again_with_a_wrong_key(client, order, in_review):
    payload, signature = simulated_notification(order, paid=True)

    tampered = _post(client, {**payload, "total_amount": "0.01"}, signature)

    assert tampered.status_code == 400
    order.refresh_from_db()
    assert order.status == PaymentStatus.PENDING


def test_a_correctly_signed_notification_with_the_wrong_amount_is_refused(order, in_review):
    payload = {**simulated_notification(order, paid=True)[0], "total_amount": "0.01"}

    with pytest.raises(NotificationRejected, match="金额"):
        receive_notification(payload, sign(payload))

    order.refresh_from_db()
    assert order.status == PaymentStatus.PENDING


def test_a_notification_for_an_unknown_order_is_refused(client, order):
    payload = {"out_trade_no": "ZC-NOPE", "trade_no": "T1", "total_amount": "300.00", "trade_status": TRADE_SUCCESS}

    assert _post(client, payload, sign(payload)).status_code == 400


def test_starting_a_payment_twice_reuses_the_pending_order(notice, zhang_san):
    first, url = start_payment(notice, by=zhang_san)
    second, _ = start_payment(notice, by=zhang_san)

    assert first == second
    assert url == reverse("fees:cashier", args=[first.out_trade_no])


def test_r50_no_payment_after_the_deadline(notice, zhang_san):
    with (
        time_machine.travel(timezone.localtime() + datetime.timedelta(days=11)),
        pytest.raises(FeeError, match="缴费期限已于"),
    ):
        start_payment(notice, by=zhang_san)
    assert not Payment.objects.exists()


def test_only_the_applicant_pays(notice, li_si):
    with pytest.raises(FeeError, match="本人"):
        start_payment(notice, by=li_si)


def test_money_arriving_after_the_application_was_abandoned_is_recorded_for_refund(order, notice, in_review):
    from zhicheng.agency_review.deadlines import abandon_overdue
    from zhicheng.audit.services import history_for

    abandon_overdue(notice.due_on + datetime.timedelta(days=1))

    receive_notification(*simulated_notification(order, paid=True))

    order.refresh_from_db()
    in_review.refresh_from_db()
    assert (order.status, in_review.status) == (PaymentStatus.PAID, Status.ABANDONED)
    assert history_for(in_review).filter(action="payment_after_close").exists()
    assert not SmsMessage.objects.filter(template_id="payment_received").exists()


def test_a_signature_with_odd_characters_is_refused_not_an_error(client, order):
    payload, _ = simulated_notification(order, paid=True)

    assert _post(client, payload, "签名").status_code == 400
