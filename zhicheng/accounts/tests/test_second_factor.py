"""Staff, expert and bureau accounts need a TOTP code after the password."""

import datetime

import pyotp
import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from zhicheng.accounts.models import Role
from zhicheng.accounts.services import create_staff_user, current_totp_code
from zhicheng.accounts.tests.conftest import PASSWORD

START = datetime.datetime(2024, 7, 2, 9, 0, tzinfo=datetime.UTC)


def password_step(client, username="bureau1"):
    return client.post(reverse("accounts:login"), {"identifier": username, "password": PASSWORD})


def totp_step(client, code):
    return client.post(reverse("accounts:login_totp"), {"code": code})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_password_alone_does_not_authenticate_staff(client, bureau_officer):
    response = password_step(client)
    assert response.url == reverse("accounts:login_totp")
    assert not is_logged_in(client)
    assert client.get(reverse("accounts:profile")).status_code == 302
    page = client.get(reverse("accounts:login_totp")).content.decode()
    assert "请输入身份验证器应用上显示的6位动态口令" in page


def test_staff_logs_in_with_the_current_totp_code(client, bureau_officer):
    with time_machine.travel(START, tick=False):
        password_step(client)
        response = totp_step(client, current_totp_code(bureau_officer))
        assert response.url == reverse("home")
        assert client.session["_auth_user_id"] == str(bureau_officer.pk)


def test_code_of_the_previous_30_seconds_is_still_accepted(client, bureau_officer):
    totp = pyotp.TOTP(bureau_officer.totp_secret)
    with time_machine.travel(START, tick=False):
        password_step(client)
        response = totp_step(client, totp.at(START - datetime.timedelta(seconds=30)))
        assert response.status_code == 302
        assert is_logged_in(client)


@pytest.mark.parametrize("seconds", [-60, 60])
def test_codes_two_steps_away_are_refused(client, bureau_officer, seconds):
    totp = pyotp.TOTP(bureau_officer.totp_secret)
    with time_machine.travel(START, tick=False):
        password_step(client)
        response = totp_step(client, totp.at(START + datetime.timedelta(seconds=seconds)))
        assert "动态口令不正确或已使用" in response.content.decode()
        assert not is_logged_in(client)


def test_a_code_cannot_be_used_twice(client, bureau_officer):
    with time_machine.travel(START, tick=False):
        code = current_totp_code(bureau_officer)
        password_step(client)
        totp_step(client, code)
        client.post(reverse("accounts:logout"))
        password_step(client)
        response = totp_step(client, code)
        assert "动态口令不正确或已使用" in response.content.decode()
        assert not is_logged_in(client)


def test_second_step_expires_after_5_minutes(client, bureau_officer):
    with time_machine.travel(START, tick=False) as traveller:
        password_step(client)
        traveller.shift(datetime.timedelta(minutes=5, seconds=1))
        response = totp_step(client, current_totp_code(bureau_officer))
        assert response.url == reverse("accounts:login")
        assert not is_logged_in(client)


def test_five_wrong_codes_lock_the_second_factor(client, bureau_officer):
    with time_machine.travel(START, tick=False):
        password_step(client)
        for _ in range(5):
            totp_step(client, "000000" if current_totp_code(bureau_officer) != "000000" else "111111")
        response = totp_step(client, current_totp_code(bureau_officer))
        assert "登录失败次数过多，请15分钟后再试" in response.content.decode()
        assert not is_logged_in(client)


def test_totp_page_without_password_step_goes_back_to_login(client):
    assert client.get(reverse("accounts:login_totp")).url == reverse("accounts:login")


def test_totp_code_command_prints_the_current_code(bureau_officer, capsys):
    with time_machine.travel(START, tick=False):
        call_command("totp_code", "bureau1")
        assert capsys.readouterr().out.strip() == pyotp.TOTP(bureau_officer.totp_secret).at(START)


@pytest.mark.parametrize("role", sorted(Role.values))
def test_every_role_but_applicant_needs_the_second_factor(db, role):
    if role == Role.APPLICANT:
        with pytest.raises(Exception, match="申报人请自行注册"):
            create_staff_user("someone", PASSWORD, role, "某人")
        return
    user = create_staff_user("someone", PASSWORD, role, "某人")
    assert user.needs_second_factor
    assert len(user.totp_secret) >= 16
    assert user.is_staff == (role == Role.BUREAU)
