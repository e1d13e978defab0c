"""Payment gateway adapters. A real gateway (e.g. 银联, 支付宝) is one class with the same two methods."""

import hashlib
import hmac
from typing import Protocol

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from zhicheng.fees.models import Payment

TRADE_SUCCESS = "TRADE_SUCCESS"
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
