"""Login limits behind nginx (TRUSTED_PROXIES=1): every request arrives from the proxy's address."""

import pytest
from django.urls import reverse

from zhicheng.accounts.tests.conftest import PASSWORD
from zhicheng.accounts.tests.factories import ZHANG_SAN_ID

PROXY = "10.0.0.2"
ATTACKER = "198.51.100.66"
CITIZEN = "203.0.113.10"
LOCKED = "登录失败次数过多"


@pytest.fixture(autouse=True)
def _behind_nginx(settings):
    settings.TRUSTED_PROXIES = 1


def log_in(client, identifier, password, *, forwarded):
    return client.post(
        reverse("accounts:login"),
        {"identifier": identifier, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_an_attacker_failing_on_an_account_does_not_lock_its_owner_out(client, zhang_san):
    for _ in range(10):
        log_in(client, ZHANG_SAN_ID, "Not-the-password-1", forwarded=ATTACKER)
    assert LOCKED in log_in(client, ZHANG_SAN_ID, PASSWORD, forwarded=ATTACKER).content.decode()

    assert log_in(client, ZHANG_SAN_ID, PASSWORD, forwarded=CITIZEN).status_code == 302


def test_thirty_failures_lock_the_client_not_everyone_behind_the_proxy(client, zhang_san):
    for n in range(30):
        log_in(client, f"nobody{n}", "Not-the-password-1", forwarded=ATTACKER)
    assert LOCKED in log_in(client, ZHANG_SAN_ID, PASSWORD, forwarded=ATTACKER).content.decode()

    assert log_in(client, ZHANG_SAN_ID, PASSWORD, forwarded=CITIZEN).status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_lock(client, zhang_san):
    """The attacker sends its own X-Forwarded-For; nginx appends the real address, which is what counts."""
    for n in range(30):
        log_in(client, f"nobody{n}", "Not-the-password-1", forwarded=f"192.0.2.{n}, {ATTACKER}")

    forged = log_in(client, ZHANG_SAN_ID, PASSWORD, forwarded=f"{CITIZEN}, {ATTACKER}")

    assert LOCKED in forged.content.decode()
