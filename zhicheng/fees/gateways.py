"""Payment gateway adapters: the simulated cashier for the demo, and 支付宝 (Alipay open platform) page pay."""

import base64
import binascii
import hashlib
import hmac
import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from zhicheng.fees.models import Payment

TRADE_SUCCESS = "TRADE_SUCCESS"
TRADE_FINISHED = "TRADE_FINISHED"
TRADE_CLOSED = "TRADE_CLOSED"


class PaymentGateway(Protocol):
    def create_payment(self, order: Payment) -> str:
        """Register the order with the gateway; the URL the applicant's browser goes to in order to pay."""
        ...

    def verify_notification(self, payload: dict[str, str], signature: str) -> bool:
        """Whether the notification really comes from the gateway, unchanged."""
        ...


def simulator_key() -> bytes:
    """PAYMENT_SIMULATOR_KEY, or a key derived from SECRET_KEY so that a development setup works unconfigured."""
    key: str = getattr(settings, "PAYMENT_SIMULATOR_KEY", "")
    if key:
        return key.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"zhicheng.fees.simulator", hashlib.sha256).digest()


def canonical(payload: dict[str, str]) -> bytes:
    """key=value pairs sorted by key and joined by &, the string real gateways sign."""
    return "&".join(f"{key}={payload[key]}" for key in sorted(payload)).encode()


def sign(payload: dict[str, str]) -> str:
    """HMAC-SHA256 of the canonical payload with the simulator's key, hex."""
    return hmac.new(simulator_key(), canonical(payload), hashlib.sha256).hexdigest()


class SimulatedGateway:
    """The built-in gateway: a cashier page on this site that sends signed notifications like a real one."""

    def create_payment(self, order: Payment) -> str:
        return reverse("fees:cashier", args=[order.out_trade_no])

    def verify_notification(self, payload: dict[str, str], signature: str) -> bool:
        return hmac.compare_digest(sign(payload).encode(), signature.encode())


def get_gateway() -> PaymentGateway:
    gateway: PaymentGateway = import_string(
        getattr(settings, "PAYMENT_GATEWAY", "zhicheng.fees.gateways.SimulatedGateway")
    )()
    return gateway


def simulated_notification(order: Payment, *, paid: bool) -> tuple[dict[str, str], str]:
    """What the simulated gateway posts when the applicant confirms or cancels on its cashier page."""
    payload = {
        "out_trade_no": order.out_trade_no,
        "trade_no": f"SIM{order.out_trade_no}",
        "total_amount": f"{order.amount:.2f}",
        "trade_status": TRADE_SUCCESS if paid else TRADE_CLOSED,
        "gmt_payment": timezone.now().isoformat(timespec="seconds"),
    }
    return payload, sign(payload)


class GatewayUnavailable(Exception):
    """The gateway could not be asked, or its answer did not verify; nothing was changed."""


def alipay_content(params: dict[str, str], *, exclude: tuple[str, ...]) -> bytes:
    """Alipay's string to sign: non-empty parameters but `exclude`, sorted by key, as key=value joined by &."""
    return "&".join(f"{key}={params[key]}" for key in sorted(params) if key not in exclude and params[key]).encode()


def rsa2_sign(key: rsa.RSAPrivateKey, content: bytes) -> str:
    """RSA2: SHA256withRSA (PKCS#1 v1.5), base64."""
    return base64.b64encode(key.sign(content, padding.PKCS1v15(), hashes.SHA256())).decode()


def rsa2_verify(key: rsa.RSAPublicKey, content: bytes, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature, validate=True), content, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def _key_file(setting: str) -> bytes:
    name: str = getattr(settings, setting, "")
    if not name:
        raise ImproperlyConfigured(f"{setting} must name a PEM key file for the Alipay gateway")
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise ImproperlyConfigured(f"{setting}: cannot read {name}: {exc.strerror}") from exc


def _private_key(setting: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(_key_file(setting), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ImproperlyConfigured(f"{setting} must be an RSA private key (RSA2)")
    return key


def _public_key(setting: str) -> rsa.RSAPublicKey:
    key = serialization.load_pem_public_key(_key_file(setting))
    if not isinstance(key, rsa.RSAPublicKey):
        raise ImproperlyConfigured(f"{setting} must be an RSA public key (RSA2)")
    return key


class AlipayGateway:
    """支付宝 电脑网站支付 as documented on the open platform: `alipay.trade.page.pay` with RSA2-signed request
    parameters, the asynchronous notification (POSTed to notify_url, signed by Alipay, answered "success") and
    `alipay.trade.query`. Settings: ALIPAY_GATEWAY_URL, ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY_FILE (ours),
    ALIPAY_PUBLIC_KEY_FILE (Alipay's), PAYMENT_SITE_URL (the public https:// origin for notify_url and return_url).
    """

    def __init__(self) -> None:
        self.url: str = settings.ALIPAY_GATEWAY_URL
        self.app_id: str = settings.ALIPAY_APP_ID
        self.site: str = settings.PAYMENT_SITE_URL.rstrip("/")
        for setting, value in (("ALIPAY_GATEWAY_URL", self.url), ("ALIPAY_APP_ID", self.app_id)):
            if not value:
                raise ImproperlyConfigured(f"{setting} must be set for the Alipay gateway")
        if not self.site.startswith("https://"):
            raise ImproperlyConfigured("PAYMENT_SITE_URL must be the site's https:// origin for the Alipay gateway")
        self.private_key = _private_key("ALIPAY_PRIVATE_KEY_FILE")
        self.gateway_key = _public_key("ALIPAY_PUBLIC_KEY_FILE")

    def _request(self, method: str, biz_content: dict[str, str], **extra: str) -> dict[str, str]:
        params = {
            "app_id": self.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
            "version": "1.0",
            "biz_content": json.dumps(biz_content, ensure_ascii=False, separators=(",", ":")),
            **extra,
        }
        params["sign"] = rsa2_sign(self.private_key, alipay_content(params, exclude=("sign",)))
        return params

    def create_payment(self, order: Payment) -> str:
        params = self._request(
            "alipay.trade.page.pay",
            {
                "out_trade_no": order.out_trade_no,
                "product_code": "FAST_INSTANT_TRADE_PAY",
                "total_amount": f"{order.amount:.2f}",
                "subject": "职称评审费",
                "timeout_express": "30m",
            },
            notify_url=self.site + reverse("fees:notify"),
            return_url=self.site + reverse("fees:fee", args=[order.fee_notice.application_id]),
        )
        return f"{self.url}?{urllib.parse.urlencode(params)}"

    def verify_notification(self, payload: dict[str, str], signature: str) -> bool:
        """Alipay signs every field but sign and sign_type; the notification must also be for our app."""
        return (
            payload.get("sign_type") == "RSA2"
            and payload.get("app_id") == self.app_id
            and rsa2_verify(self.gateway_key, alipay_content(payload, exclude=("sign", "sign_type")), signature)
        )

    def query(self, out_trade_no: str) -> dict[str, str]:
        """alipay.trade.query: the gateway's signed record of the order (code 10000), or GatewayUnavailable."""
        body = urllib.parse.urlencode(self._request("alipay.trade.query", {"out_trade_no": out_trade_no})).encode()
        request = urllib.request.Request(  # noqa: S310 - the configured gateway URL
            self.url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                text = answer.read().decode()
        except OSError as exc:
            raise GatewayUnavailable(f"支付宝查询接口不可用：{exc}") from exc
        return self.parse_query_response(text)

    def parse_query_response(self, text: str) -> dict[str, str]:
        """The response's `alipay_trade_query_response` object, whose exact text Alipay signs."""
        name = '"alipay_trade_query_response":'
        start, end = text.find(name), text.rfind(',"sign":')
        if start < 0 or end < start:
            raise GatewayUnavailable("支付宝查询结果格式错误")
        signed = text[start + len(name) : end]
        try:
            signature = json.loads(text)["sign"]
            record = json.loads(signed)
        except (ValueError, KeyError, TypeError) as exc:
            raise GatewayUnavailable("支付宝查询结果格式错误") from exc
        if not rsa2_verify(self.gateway_key, signed.encode(), str(signature)):
            raise GatewayUnavailable("支付宝查询结果签名校验失败")
        if record.get("code") != "10000":
            raise GatewayUnavailable(f"支付宝查询失败：{record.get('sub_msg') or record.get('msg')}")
        return {str(key): str(value) for key, value in record.items()}
