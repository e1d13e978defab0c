"""Password login by username, ID number or phone, with throttling that treats unknown users alike."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from zhicheng.accounts.tests.conftest import PASSWORD
from zhicheng.accounts.tests.factories import ZHANG_SAN_ID

LOGIN = reverse("accounts:login")
START = datetime.datetime(2024, 7, 2, 9, 0, tzinfo=datetime.UTC)
WRONG = "账号或密码错误"
LOCKED = "登录失败次数过多"


def log_in(client, identifier, password=PASSWORD, **extra):
    return client.post(LOGIN, {"identifier": identifier, "password": password}, **extra)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("identifier", [ZHANG_SAN_ID, ZHANG_SAN_ID.lower(), " 13812345678 ", "zhangsan"])
def test_applicant_logs_in_by_id_number_phone_or_username(client, zhang_san, identifier):
    response = log_in(client, identifier)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(zhang_san.pk)


def test_login_follows_a_local_next_url_only(client, zhang_san):
    response = client.post(LOGIN, {"identifier": "13812345678", "password": PASSWORD, "next": "/accounts/profile/"})
    assert response.url == "/accounts/profile/"
    client.post(reverse("accounts:logout"))
    response = client.post(LOGIN, {"identifier": "13812345678", "password": PASSWORD, "next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_wrong_password_and_unknown_user_get_the_same_answer(client, zhang_san):
    wrong_password = log_in(client, ZHANG_SAN_ID, "Not-the-password-1")
    unknown_user = log_in(client, "110101199003077731")
    assert WRONG in wrong_password.content.decode()
    assert WRONG in unknown_user.content.decode()
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert not is_logged_in(client)


def test_inactive_user_cannot_log_in(client, zhang_san):
    zhang_san.is_active = False
    zhang_san.save()
    assert WRONG in log_in(client, ZHANG_SAN_ID).content.decode()


@pytest.mark.parametrize("identifier", [ZHANG_SAN_ID, "110101199003077731"], ids=["known", "unknown"])
def test_five_failures_lock_the_identifier_for_15_minutes_known_or_not(client, zhang_san, identifier):
    with time_machine.travel(START, tick=False) as traveller:
        answers = [log_in(client, identifier, "Not-the-password-1").content.decode() for _ in range(5)]
        assert all(WRONG in a and LOCKED not in a for a in answers)
        locked = log_in(client, identifier).content.decode()
        assert "登录失败次数过多，请15分钟后再试" in locked
        assert not is_logged_in(client)
        traveller.shift(datetime.timedelta(minutes=14, seconds=59))
        assert "登录失败次数过多，请1分钟后再试" in log_in(client, identifier).content.decode()
        traveller.shift(datetime.timedelta(seconds=2))
        response = log_in(client, identifier)
        if identifier == ZHANG_SAN_ID:
            assert response.status_code == 302
            assert is_logged_in(client)
        else:
            assert WRONG in response.content.decode()


def test_lock_of_one_identifier_leaves_others_alone(client, zhang_san, li_si):
    for _ in range(5):
        log_in(client, ZHANG_SAN_ID, "Not-the-password-1")
    assert log_in(client, "13900001111").status_code == 302


def test_failures_spread_over_more_than_15_minutes_do_not_lock(client, zhang_san):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(4):
            log_in(client, ZHANG_SAN_ID, "Not-the-password-1")
        traveller.shift(datetime.timedelta(minutes=16))
        log_in(client, ZHANG_SAN_ID, "Not-the-password-1")
        assert log_in(client, ZHANG_SAN_ID).status_code == 302


def test_successful_login_clears_the_failures(client, zhang_san):
    for _ in range(4):
        log_in(client, ZHANG_SAN_ID, "Not-the-password-1")
    assert log_in(client, ZHANG_SAN_ID).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        log_in(client, ZHANG_SAN_ID, "Not-the-password-1")
    assert log_in(client, ZHANG_SAN_ID).status_code == 302


def test_thirty_failures_from_one_ip_lock_that_ip(client, zhang_san):
    for n in range(30):
        log_in(client, f"nobody{n}", "Not-the-password-1")
    assert LOCKED in log_in(client, ZHANG_SAN_ID).content.decode()
    assert log_in(client, ZHANG_SAN_ID, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_logout_needs_post(client, zhang_san):
    client.force_login(zhang_san)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert is_logged_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("home")
    assert not is_logged_in(client)
