import base64
import datetime

import pytest

from zhicheng.verification.models import Lookup, Method
from zhicheng.verification.services import NOT_FOUND, TAMPERED

from .factories import certificate, qr_url, revoke
from .test_lookup_by_number import answer_section

pytestmark = pytest.mark.django_db


def tampered(payload: str) -> str:
    """The payload with one character of its signed body changed."""
    prefix, body, signature = payload.split(".")
    changed = body[:5] + ("A" if body[5] != "A" else "B") + body[6:]
    return f"{prefix}.{changed}.{signature}"


def test_r91_the_url_in_the_qr_shows_the_valid_certificate(client):
    cert = certificate()

    section = answer_section(client.get(qr_url(cert)).content.decode())

    assert "有效" in section
    assert cert.number in section
    assert "张*" in section
    logged = Lookup.objects.get()
    assert (logged.certificate, logged.method, logged.found) == (cert, Method.QR, True)


def test_r91_a_changed_payload_is_reported_as_invalid_or_tampered(client):
    cert = certificate()

    section = answer_section(client.get("/verify/qr/", {"p": tampered(cert.qr_payload)}).content.decode())

    assert TAMPERED in section
    assert cert.number not in section
    assert NOT_FOUND not in section
    assert list(Lookup.objects.values_list("found", "certificate")) == [(False, None)]


def test_r91_text_that_is_not_a_payload_is_invalid(client):
    assert TAMPERED in client.get("/verify/qr/", {"p": "https://example.com/"}).content.decode()


def test_r92_a_qr_saying_valid_shows_revoked_when_the_certificate_was_revoked_since(client):
    cert = certificate()
    assert '"s":"valid"' in base64.urlsafe_b64decode(cert.qr_payload.split(".")[1] + "==").decode()
    revoke(cert, datetime.datetime(2025, 3, 4, 2, 0, tzinfo=datetime.UTC))

    section = answer_section(client.get(qr_url(cert)).content.decode())

    assert "已撤销（撤销日期：2025年3月4日）" in section
    assert "有效" not in section


def test_r91_the_qr_page_offers_a_paste_form(client):
    page = client.get("/verify/qr/").content.decode()

    assert 'name="p"' in page
    assert not Lookup.objects.exists()
