import pytest

from zhicheng.agency_review.tests.fixtures import API, approve
from zhicheng.fees.models import Payment


@pytest.fixture
def notice(in_review, reviewer, fee):
    return approve(in_review, reviewer)


def test_applicant_reads_the_fee_notice_and_opens_an_order(client, zhang_san, notice):
    client.force_login(zhang_san)

    fee = client.get(f"{API}/fees/applications/{notice.application_id}").json()
    order = client.post(f"{API}/fees/applications/{notice.application_id}/payments")

    assert (fee["amount"], fee["application_status"], fee["payments"]) == ("300.00", "approved", [])
    assert order.status_code == 201
    assert order.json()["pay_url"] == f"/fees/cashier/{order.json()['out_trade_no']}/"


def test_another_applicant_gets_404_from_the_fee_api(client, li_si, notice):
    client.force_login(li_si)

    assert client.get(f"{API}/fees/applications/{notice.application_id}").status_code == 404
    assert client.post(f"{API}/fees/applications/{notice.application_id}/payments").status_code == 404
    assert not Payment.objects.exists()


def test_paying_a_paid_fee_is_a_structured_error(client, zhang_san, notice, in_review):
    from zhicheng.fees.gateways import simulated_notification
    from zhicheng.fees.services import receive_notification, start_payment

    payment, _ = start_payment(notice, by=zhang_san)
    receive_notification(*simulated_notification(payment, paid=True))
    client.force_login(zhang_san)

    response = client.post(f"{API}/fees/applications/{in_review.pk}/payments")

    assert response.status_code == 409
    assert "无需缴费" in response.json()["errors"][0]["message"]


def test_reconciliation_api_for_the_agency_only(client, reviewer, other_reviewer, zhang_san, notice):
    client.force_login(reviewer)
    rows = client.get(f"{API}/fees/reconciliation").json()
    client.force_login(other_reviewer)
    others = client.get(f"{API}/fees/reconciliation").json()
    client.force_login(zhang_san)
    refused = client.get(f"{API}/fees/reconciliation")

    assert [(r["pending_count"], r["pending_sum"]) for r in rows] == [(1, "300.00")]
    assert others == []
    assert refused.status_code == 403


def test_receipt_through_the_api_for_the_payer_only(client, zhang_san, li_si, in_review, reviewer, fee):
    from zhicheng.agency_review.tests.fixtures import approve
    from zhicheng.fees.gateways import simulated_notification
    from zhicheng.fees.services import receive_notification, start_payment

    payment, _ = start_payment(approve(in_review, reviewer), by=zhang_san)
    url = f"/api/v1/fees/payments/{payment.out_trade_no}/receipt"
    client.force_login(zhang_san)
    assert client.get(url).status_code == 404  # not paid yet

    receive_notification(*simulated_notification(payment, paid=True))

    assert client.get(url).content.startswith(b"%PDF")
    client.force_login(li_si)
    assert client.get(url).status_code == 404
