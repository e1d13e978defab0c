"""client_ip: the N-th address from the right of X-Forwarded-For with N trusted proxies, else REMOTE_ADDR."""

import pytest
from django.test import RequestFactory

from zhicheng.core.client import client_ip


def request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_not_read(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request("203.0.113.9", forwarded="198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # A client that sends its own header: nginx appends the real address, the forged one is ignored.
        (1, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (2, "1.2.3.4, 198.51.100.7, 10.1.1.1", "198.51.100.7"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_nth_address_from_the_right_is_the_client(settings, proxies, forwarded, client):
    settings.TRUSTED_PROXIES = proxies
    assert client_ip(request(forwarded=forwarded)) == client


def test_a_request_that_did_not_pass_every_proxy_is_from_its_peer(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_ip(request("10.0.0.5", forwarded="198.51.100.7")) == "10.0.0.5"
    assert client_ip(request("10.0.0.5")) == "10.0.0.5"


def test_a_garbage_address_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request("10.0.0.5", forwarded="1.2.3.4, <script>")) == "10.0.0.5"
