"""支付宝 page pay against the sandbox gateway process (stack/alipay_sandbox.py), which implements the documented
protocol on its own: RSA2-signed requests, signed asynchronous notifications, the query API (R-50)."""

import base64
import io
import json
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from stack.alipay_sandbox import _content
from zhicheng.agency_review.tests.fixtures import approve
from zhicheng.applications.models import Status
from zhicheng.fees.gateways import AlipayGateway, GatewayUnavailable
from zhicheng.fees.models import Payment, PaymentStatus
from zhicheng.fees.services import start_payment
from zhicheng.notifications.models import SmsMessage

APP_ID = "2021000000000001"
ROOT = Path(__file__).resolve().parents[3]


def _pem_pair(directory: Path, name: str) -> rsa.RSAPrivateKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (directory / f"{name}.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (directory / f"{name}.pub.pem").write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return key


@pytest.fixture(scope="session")
def keys(tmp_path_factory):
    directory = tmp_path_factory.mktemp("alipay")
    return {"dir": directory, "app": _pem_pair(directory, "app"), "gateway": _pem_pair(directory, "gateway")}


@pytest.fixture(scope="session")
def sandbox(keys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    directory = keys["dir"]
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "stack.alipay_sandbox",
            "--port",
            str(port),
            "--app-id",
            APP_ID,
            "--private-key",
            str(directory / "gateway.pem"),
            "--app-public-key",
            str(directory / "app.pub.pem"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(url + "/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(autouse=True)
def alipay(settings, keys, sandbox):
    settings.PAYMENT_GATEWAY = "zhicheng.fees.gateways.AlipayGateway"
    settings.ALIPAY_GATEWAY_URL = sandbox + "/gateway.do"
    settings.ALIPAY_APP_ID = APP_ID
    settings.ALIPAY_PRIVATE_KEY_FILE = str(keys["dir"] / "app.pem")
    settings.ALIPAY_PUBLIC_KEY_FILE = str(keys["dir"] / "gateway.pub.pem")
    # Nothing listens there: the sandbox's own deliveries fail, and the tests hand its notification to the view.
    settings.PAYMENT_SITE_URL = "https://127.0.0.1:1"


@pytest.fixture
def order(in_review, reviewer, fee, zhang_san):
    payment, url = start_payment(approve(in_review, reviewer), by=zhang_san)
    payment.pay_url = url
    return payment


def _params(url: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


def _paid_at_sandbox(sandbox, order) -> dict[str, str]:
    """The buyer opens the cashier and pays; returns the sandbox's signed notification."""
    assert requests.get(order.pay_url, timeout=5).status_code == 200
    answer = requests.post(sandbox + "/pay", {"out_trade_no": order.out_trade_no}, allow_redirects=False, timeout=30)
    assert answer.status_code == 302
    return requests.get(f"{sandbox}/orders/{order.out_trade_no}", timeout=5).json()["notification"]


def _gateway_signed(keys, fields: dict[str, str]) -> dict[str, str]:
    """What only Alipay can make: fields signed with the gateway's private key."""
    content = _content(fields, {"sign", "sign_type"})
    signature = keys["gateway"].sign(content, padding.PKCS1v15(), hashes.SHA256())
    return {**fields, "sign": base64.b64encode(signature).decode()}


def _notify(client, fields: dict[str, str]):
    return client.post(reverse("fees:notify"), fields)


def _unchanged(order, in_review) -> None:
    order.refresh_from_db()
    in_review.refresh_from_db()
    assert (order.status, in_review.status) == (PaymentStatus.PENDING, Status.APPROVED)


def test_r50_the_page_pay_request_is_signed_with_rsa2_as_alipay_documents(order, keys):
    params = _params(order.pay_url)

    assert params["method"] == "alipay.trade.page.pay"
    assert (params["app_id"], params["sign_type"], params["charset"]) == (APP_ID, "RSA2", "utf-8")
    keys["app"].public_key().verify(
        base64.b64decode(params["sign"]), _content(params, {"sign"}), padding.PKCS1v15(), hashes.SHA256()
    )
    biz = json.loads(params["biz_content"])
    assert biz == {
        "out_trade_no": order.out_trade_no,
        "product_code": "FAST_INSTANT_TRADE_PAY",
        "total_amount": "300.00",
        "subject": "职称评审费",
        "timeout_express": "30m",
    }
    assert params["notify_url"] == "https://127.0.0.1:1/fees/notify/"
    assert params["return_url"] == f"https://127.0.0.1:1/fees/applications/{order.fee_notice.application_id}/"


def test_the_sandbox_cashier_shows_the_order_and_refuses_a_request_changed_after_signing(order):
    page = requests.get(order.pay_url, timeout=5)
    params = _params(order.pay_url)
    biz = {**json.loads(params["biz_content"]), "total_amount": "0.01"}
    tampered = f"{order.pay_url.split('?')[0]}?{urllib.parse.urlencode({**params, 'biz_content': json.dumps(biz)})}"

    assert page.status_code == 200
    assert "300.00" in page.text
    assert order.out_trade_no in page.text
    assert requests.get(tampered, timeout=5).status_code == 400


def test_r50_paying_at_the_sandbox_settles_the_order_by_the_gateways_signed_notification(
    client, sandbox, order, in_review, zhang_san
):
    notification = _paid_at_sandbox(sandbox, order)

    response = _notify(client, notification)

    assert (response.status_code, response.content) == (200, b"success")
    order.refresh_from_db()
    in_review.refresh_from_db()
    assert (order.status, order.gateway_txn_id, in_review.status) == (
        PaymentStatus.PAID,
        notification["trade_no"],
        Status.PAID,
    )
    assert order.paid_at is not None
    assert SmsMessage.objects.get(template_id="payment_received").phone == zhang_san.phone


def test_a_replayed_notification_is_acknowledged_and_records_one_payment(client, sandbox, order, in_review):
    notification = _paid_at_sandbox(sandbox, order)

    answers = [_notify(client, notification).content for _ in range(3)]

    assert answers == [b"success"] * 3
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1
    assert SmsMessage.objects.filter(template_id="payment_received").count() == 1


def test_a_notification_signed_with_another_key_is_refused(client, order, in_review, keys):
    fields = {
        "app_id": APP_ID,
        "sign_type": "RSA2",
        "out_trade_no": order.out_trade_no,
        "trade_no": "2026FORGED",
        "total_amount": "300.00",
        "trade_status": "TRADE_SUCCESS",
    }
    content = _content(fields, {"sign", "sign_type"})
    forged = base64.b64encode(keys["app"].sign(content, padding.PKCS1v15(), hashes.SHA256())).decode()

    response = _notify(client, {**fields, "sign": forged})

    assert (response.status_code, response.content) == (400, b"fail")
    _unchanged(order, in_review)


def test_a_notification_changed_after_the_gateway_signed_it_is_refused(client, sandbox, order, in_review):
    notification = _paid_at_sandbox(sandbox, order)

    for field, value in (("total_amount", "0.01"), ("out_trade_no", "ZC-OTHER"), ("trade_status", "TRADE_SUCCESS ")):
        assert _notify(client, {**notification, field: value}).status_code == 400
    assert _notify(client, {**notification, "sign": "签名"}).status_code == 400
    _unchanged(order, in_review)


def test_a_gateway_signed_notification_with_the_wrong_amount_is_refused(client, sandbox, order, in_review, keys):
    notification = _paid_at_sandbox(sandbox, order)
    cheap = _gateway_signed(keys, {**notification, "total_amount": "0.01"})

    assert _notify(client, cheap).status_code == 400
    _unchanged(order, in_review)


def test_a_gateway_signed_notification_for_another_merchant_app_is_refused(client, sandbox, order, in_review, keys):
    notification = _paid_at_sandbox(sandbox, order)
    other_app = _gateway_signed(keys, {**notification, "app_id": "2021000000009999"})

    assert _notify(client, other_app).status_code == 400
    assert _notify(client, {**notification, "sign_type": "RSA"}).status_code == 400
    _unchanged(order, in_review)


def test_r50_a_lost_notification_is_recovered_through_the_query_api(sandbox, order, in_review):
    _paid_at_sandbox(sandbox, order)
    deliveries = requests.get(f"{sandbox}/orders/{order.out_trade_no}", timeout=5).json()["deliveries"]
    assert [d["status"] for d in deliveries] == [0, 0, 0]  # notify_url was unreachable three times

    out = io.StringIO()
    call_command("query_pending_payments", minutes=0, stdout=out)

    assert "1 order(s) settled" in out.getvalue()
    order.refresh_from_db()
    in_review.refresh_from_db()
    assert (order.status, in_review.status) == (PaymentStatus.PAID, Status.PAID)


def test_an_unpaid_order_stays_pending_after_the_query(sandbox, order, in_review):
    requests.get(order.pay_url, timeout=5)

    call_command("query_pending_payments", minutes=0, stdout=io.StringIO())

    _unchanged(order, in_review)


def test_a_query_answer_changed_after_signing_is_refused(sandbox, order):
    _paid_at_sandbox(sandbox, order)
    gateway = AlipayGateway()
    body = urllib.parse.urlencode(gateway._request("alipay.trade.query", {"out_trade_no": order.out_trade_no}))
    genuine = requests.post(
        sandbox + "/gateway.do",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=5,
    ).text

    assert gateway.parse_query_response(genuine)["trade_status"] == "TRADE_SUCCESS"
    with pytest.raises(GatewayUnavailable, match="签名"):
        gateway.parse_query_response(genuine.replace('"300.00"', '"0.01"'))
    with pytest.raises(GatewayUnavailable, match="格式"):
        gateway.parse_query_response("<html>502</html>")


def test_the_in_app_cashier_does_not_exist_with_the_real_gateway(client, order, zhang_san):
    client.force_login(zhang_san)

    assert client.get(reverse("fees:cashier", args=[order.out_trade_no])).status_code == 404
    assert client.post(reverse("fees:cashier_submit", args=[order.out_trade_no]), {"action": "pay"}).status_code == 404
    order.refresh_from_db()
    assert order.status == PaymentStatus.PENDING


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("ALIPAY_PRIVATE_KEY_FILE", "", "ALIPAY_PRIVATE_KEY_FILE must name"),
        ("ALIPAY_PUBLIC_KEY_FILE", "/nonexistent/alipay.pem", "ALIPAY_PUBLIC_KEY_FILE: cannot read"),
        ("ALIPAY_APP_ID", "", "ALIPAY_APP_ID must be set"),
        ("PAYMENT_SITE_URL", "http://zhicheng.example.gov.cn", "PAYMENT_SITE_URL must be"),
    ],
)
def test_a_missing_or_wrong_setting_names_the_variable(settings, setting, value, message):
    setattr(settings, setting, value)

    with pytest.raises(ImproperlyConfigured, match=message):
        AlipayGateway()
