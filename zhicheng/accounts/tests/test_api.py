"""The accounts API: the same services as the pages, structured Chinese errors."""

import datetime

import pytest
import time_machine

from zhicheng.accounts.models import User
from zhicheng.accounts.services import current_totp_code
from zhicheng.accounts.tests.conftest import NEW_ID, NEW_PHONE, PASSWORD
from zhicheng.accounts.tests.factories import ZHANG_SAN_ID
from zhicheng.notifications.models import SmsMessage

BASE = "/api/v1/accounts"
START = datetime.datetime(2024, 7, 2, 9, 0, tzinfo=datetime.UTC)


def post(client, path, body):
    return client.post(BASE + path, body, content_type="application/json")


def payload(**overrides):
    data = {
        "real_name": "王五",
        "id_type": "mainland",
        "id_number": NEW_ID,
        "phone": NEW_PHONE,
        "sms_code": "",
        "password": PASSWORD,
    }
    return {**data, **overrides}


def api_code(client, phone=NEW_PHONE):
    response = post(client, "/sms-code", {"phone": phone})
    assert response.status_code == 200
    assert response.json() == {"expires_in_seconds": 600, "resend_after_seconds": 60}
    return SmsMessage.objects.latest("id").params["code"]


@pytest.mark.django_db
def test_r20_register_through_the_api_and_read_me(client):
    code = api_code(client)
    response = post(client, "/register", payload(sms_code=code))
    assert response.status_code == 201
    body = response.json()
    assert body["real_name"] == "王五"
    assert body["role"] == "applicant"
    assert body["id_number_masked"] == "110108********0013"
    assert body["phone_masked"] == "139****2222"
    assert body["phone_verified"] is True
    assert client.get(BASE + "/me").json() == body


@pytest.mark.django_db
def test_r20_api_reports_every_field_problem(client):
    response = post(client, "/register", payload(id_number="110108198512120014", phone="123", password="123"))
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["id_number"] == "居民身份证号码校验位不正确，请核对后重新输入"
    assert errors["phone"] == "请填写11位中国大陆手机号码"
    assert "密码" in errors["password"]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_r20_api_refuses_a_duplicate_id_number(client, zhang_san):
    code = api_code(client)
    response = post(client, "/register", payload(id_number=ZHANG_SAN_ID, sms_code=code))
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "code": "invalid",
        "message": "该证件号码已注册，请直接登录",
        "rule": None,
        "field": "id_number",
    }


@pytest.mark.django_db
def test_api_schemas_are_strict(client):
    response = post(client, "/register", payload(sms_code=123456))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith("sms_code")
    assert post(client, "/register", payload(id_type="driving_licence")).status_code == 422
    assert post(client, "/login", {"identifier": ZHANG_SAN_ID, "password": PASSWORD, "x": 1}).status_code == 422


@pytest.mark.django_db
def test_sms_code_is_rate_limited(client):
    api_code(client)
    response = post(client, "/sms-code", {"phone": NEW_PHONE})
    assert response.status_code == 429
    assert response.json()["errors"][0]["message"] == "验证码发送过于频繁，请1分钟后再试"


def test_applicant_logs_in_and_out_through_the_api(client, zhang_san):
    response = post(client, "/login", {"identifier": "13812345678", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["second_factor_required"] is False
    assert response.json()["user"]["real_name"] == "张三"
    assert client.get(BASE + "/me").status_code == 200
    assert client.post(BASE + "/logout").status_code == 204
    assert client.get(BASE + "/me").status_code == 401


def test_api_login_refusals_are_alike_for_unknown_users(client, zhang_san):
    wrong = post(client, "/login", {"identifier": ZHANG_SAN_ID, "password": "Not-the-password-1"})
    unknown = post(client, "/login", {"identifier": "nobody", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["errors"][0]["message"] == "账号或密码错误"
    for _ in range(4):
        post(client, "/login", {"identifier": "nobody", "password": PASSWORD})
    locked = post(client, "/login", {"identifier": "nobody", "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["errors"][0]["message"] == "登录失败次数过多，请15分钟后再试"


def test_staff_api_login_needs_the_totp_step(client, bureau_officer):
    with time_machine.travel(START, tick=False):
        response = post(client, "/login", {"identifier": "bureau1", "password": PASSWORD})
        assert response.json() == {"second_factor_required": True, "user": None}
        assert client.get(BASE + "/me").status_code == 401
        assert post(client, "/login/totp", {"code": "abcdef"}).status_code == 401
        response = post(client, "/login/totp", {"code": current_totp_code(bureau_officer)})
        assert response.status_code == 200
        assert response.json()["role"] == "bureau"
        assert client.get(BASE + "/me").json()["username"] == "bureau1"


def test_totp_step_without_password_step_is_refused(client, bureau_officer):
    response = post(client, "/login/totp", {"code": current_totp_code(bureau_officer)})
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "登录已超时，请重新输入账号和密码"
