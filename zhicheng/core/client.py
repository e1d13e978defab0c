"""The client's address, the one place that reads REMOTE_ADDR and X-Forwarded-For.

Each trusted proxy appends the address it received the request from to X-Forwarded-For. With N trusted
proxies (settings.TRUSTED_PROXIES) the client is the N-th address from the right: anything further left
was written by the client itself and is ignored. With 0 proxies the header is not read at all.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent the request, as far as the trusted proxies can tell."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "TRUSTED_PROXIES", 0))
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Not sent through all the proxies (a probe on the app's own port): the direct peer is the client.
        return remote
    return _address(forwarded[-proxies]) or remote
