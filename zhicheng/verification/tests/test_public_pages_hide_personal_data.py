import re

import pytest

from .factories import certificate, evaluated_certificate, last_code, qr_url, revoke

pytestmark = pytest.mark.django_db
FULL_ID = re.compile(r"\d{17}[\dXx]")
PHONE = re.compile(r"1\d{10}")
VERIFIER = "13922223333"


def test_r91_no_public_page_shows_a_full_id_number_or_a_phone_number(client):
    cert = evaluated_certificate()
    other = revoke(certificate(), cert.issued_at)
    pages = [
        client.get("/verify/"),
        client.get("/verify/qr/"),
        client.post("/verify/", {"number": other.number, "name": other.holder_name}),
        client.post("/verify/", {"number": cert.number, "name": "王五"}),
        client.get(qr_url(other)),
        client.get(qr_url(cert)),
        client.get("/verify/details/code/"),
        client.post("/verify/details/code/", {"phone": VERIFIER}),
        client.post("/verify/details/", {"code": "000000" if last_code(VERIFIER) != "000000" else "111111"}),
        client.post("/verify/details/", {"code": last_code(VERIFIER)}, follow=True),
    ]

    assert "评审决定记录与证书一致" in pages[-1].content.decode()
    for response in pages:
        html = response.content.decode()
        assert not FULL_ID.search(html), response.request
        assert not PHONE.search(html), response.request
    assert cert.application.applicant.id_number not in pages[-1].content.decode()
