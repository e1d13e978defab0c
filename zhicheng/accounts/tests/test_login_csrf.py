"""Login CSRF: another site cannot log a visitor's visitor in, register an account or send codes in their name.

The attack is a form or fetch() on another origin posting text/plain (no CORS preflight) with a JSON body.
"""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from zhicheng.accounts.models import User
from zhicheng.accounts.tests.conftest import NEW_ID, NEW_PHONE, PASSWORD
from zhicheng.accounts.tests.factories import ZHANG_SAN_ID
from zhicheng.notifications.models import SmsMessage

BASE = "/api/v1/accounts"
EVIL = "https://evil.example"


@pytest.fixture
def visitor():
    """A browser: Django's CSRF checks are enforced, unlike the default test client."""
    return Client(enforce_csrf_checks=True)


def _attack(visitor, path, body, *, content_type="text/plain", origin=EVIL, **headers):
    return visitor.post(BASE + path, json.dumps(body), content_type=content_type, HTTP_ORIGIN=origin, **headers)


def _assert_no_session(visitor, response):
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "_auth_user_id" not in visitor.session


LOGIN = {"identifier": ZHANG_SAN_ID, "password": PASSWORD}
REGISTER = {
    "real_name": "王五",
    "id_type": "mainland",
    "id_number": NEW_ID,
    "phone": NEW_PHONE,
    "sms_code": "123456",
    "password": PASSWORD,
}


def test_text_plain_login_from_another_origin_is_refused_without_a_session(visitor, zhang_san):
    response = _attack(visitor, "/login", LOGIN)

    assert response.status_code == 415
    assert response.json()["errors"][0]["code"] == "unsupported_media_type"
    _assert_no_session(visitor, response)


def test_json_login_from_another_origin_is_refused_without_a_session(visitor, zhang_san):
    token = visitor.get(BASE + "/csrf").json()["csrf_token"]

    response = _attack(visitor, "/login", LOGIN, content_type="application/json", HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "csrf_failed"
    _assert_no_session(visitor, response)


def test_same_origin_login_without_the_csrf_token_is_refused(visitor, zhang_san):
    response = _attack(visitor, "/login", LOGIN, content_type="application/json", origin="http://testserver")

    assert response.status_code == 403
    _assert_no_session(visitor, response)


def test_same_origin_login_with_the_csrf_token_signs_in(visitor, zhang_san):
    token = visitor.get(BASE + "/csrf").json()["csrf_token"]

    response = _attack(
        visitor, "/login", LOGIN, content_type="application/json", origin="http://testserver", HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 200
    assert response.json()["user"]["real_name"] == "张三"
    assert settings.SESSION_COOKIE_NAME in response.cookies


def test_trusted_origin_login_with_the_csrf_token_signs_in(visitor, zhang_san, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://portal.example"]
    token = visitor.get(BASE + "/csrf").json()["csrf_token"]

    response = _attack(
        visitor,
        "/login",
        LOGIN,
        content_type="application/json",
        origin="https://portal.example",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 200


def test_register_from_another_origin_creates_no_account(visitor, db):
    for content_type in ("text/plain", "application/json"):
        response = _attack(visitor, "/register", REGISTER, content_type=content_type)

        assert response.status_code in {403, 415}
        _assert_no_session(visitor, response)
    assert not User.objects.filter(real_name="王五").exists()


def test_sms_code_from_another_origin_sends_nothing(visitor, db):
    for content_type in ("text/plain", "application/json"):
        response = _attack(visitor, "/sms-code", {"phone": NEW_PHONE}, content_type=content_type)

        assert response.status_code in {403, 415}
    assert not SmsMessage.objects.exists()


def test_totp_step_from_another_origin_is_refused(visitor, db):
    response = _attack(visitor, "/login/totp", {"code": "123456"}, content_type="application/json")

    assert response.status_code == 403
    _assert_no_session(visitor, response)


def test_the_login_page_refuses_a_cross_origin_form_post(visitor, zhang_san):
    response = visitor.post(
        reverse("accounts:login"), {"identifier": ZHANG_SAN_ID, "password": PASSWORD}, HTTP_ORIGIN=EVIL
    )

    assert response.status_code == 403
    _assert_no_session(visitor, response)
