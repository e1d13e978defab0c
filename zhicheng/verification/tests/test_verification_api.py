import datetime

import pytest
import time_machine

from zhicheng.verification import services
from zhicheng.verification.models import Lookup, Method

from .factories import certificate, evaluated_certificate, last_code, revoke
from .test_lookup_by_qr import tampered

pytestmark = pytest.mark.django_db
PHONE = "13922223333"
START = datetime.datetime(2025, 3, 4, 9, 0, tzinfo=datetime.UTC)


def post(client, path: str, body: dict[str, object]):
    return client.post(f"/api/v1/verify/{path}", body, content_type="application/json")


def test_r91_api_lookup_answers_valid_and_not_found_alike_for_wrong_name_or_number(client):
    cert = certificate()

    found = post(client, "lookup", {"number": cert.number, "name": "张三"})
    wrong_name = post(client, "lookup", {"number": cert.number, "name": "李四"})
    wrong_number = post(client, "lookup", {"number": "京职证2099999999", "name": "张三"})

    assert found.status_code == 200
    body = found.json()
    assert body["found"] is True
    assert body["certificate"]["status_text"] == "有效"
    assert body["certificate"]["name"] == "张*"
    assert body["certificate"]["issued_on"] == "2024-12-20"
    not_found = {"found": False, "message": services.NOT_FOUND, "certificate": None}
    assert wrong_name.json() == wrong_number.json() == not_found
    assert set(Lookup.objects.values_list("method", flat=True)) == {Method.API}


def test_r92_api_qr_shows_current_revoked_status_and_refuses_a_tampered_payload(client):
    cert = revoke(certificate(), datetime.datetime(2025, 3, 4, 2, 0, tzinfo=datetime.UTC))

    revoked = post(client, "qr", {"payload": cert.qr_payload}).json()
    changed = post(client, "qr", {"payload": tampered(cert.qr_payload)}).json()

    assert revoked["certificate"]["status"] == "revoked"
    assert revoked["certificate"]["revoked_on"] == "2025-03-04"
    assert revoked["certificate"]["status_text"] == "已撤销（撤销日期：2025年3月4日）"
    assert changed == {"found": False, "message": services.TAMPERED, "certificate": None}


def test_r91_api_code_then_details_with_the_record_check(client):
    cert = evaluated_certificate()
    post(client, "lookup", {"number": cert.number, "name": cert.holder_name})

    sent = post(client, "code", {"phone": PHONE})
    wrong = post(client, "details", {"code": "abc"})
    shown = post(client, "details", {"code": last_code(PHONE)})

    assert sent.json() == {"sent_to": "139****3333", "expires_in_minutes": 10}
    assert wrong.status_code == 409
    assert wrong.json()["errors"][0]["code"] == "code_wrong"
    assert shown.status_code == 200
    body = shown.json()
    assert body["committee"] == cert.committee_name
    assert body["masked_id_number"] == cert.masked_id_number
    assert body["approved_on"] == "2024-12-10"
    assert body["record_text"] == "评审决定记录与证书一致"


def test_r91_api_code_requires_a_prior_lookup_and_ignores_a_posted_certificate(client):
    cert = certificate()

    without = post(client, "code", {"phone": PHONE})
    smuggled = post(client, "code", {"phone": PHONE, "certificate": cert.pk})

    assert without.status_code == 409
    assert without.json()["errors"][0]["code"] == "lookup_required"
    assert smuggled.status_code == 422


def test_r91_api_code_expires_after_ten_minutes(client):
    with time_machine.travel(START, tick=False) as clock:
        cert = certificate()
        post(client, "lookup", {"number": cert.number, "name": "张三"})
        post(client, "code", {"phone": PHONE})
        clock.shift(datetime.timedelta(minutes=11))
        expired = post(client, "details", {"code": last_code(PHONE)})

    assert expired.status_code == 409
    assert expired.json()["errors"][0]["code"] == "code_expired"


def test_r91_api_rate_limit_is_429_in_chinese(client):
    cert = certificate()
    for _ in range(services.LOOKUPS_PER_REQUESTER_PER_HOUR):
        services.lookup_by_number(cert.number, "张三", requester="127.0.0.1")

    refused = post(client, "lookup", {"number": cert.number, "name": "张三"})

    assert refused.status_code == 429
    assert refused.json()["errors"][0]["message"].startswith("查验过于频繁")


def test_r91_api_my_lookups_lists_the_holders_own_and_404s_anothers(client, zhang_san, li_si):
    mine = certificate(applicant=zhang_san)
    theirs = certificate(applicant=li_si)
    post(client, "lookup", {"number": mine.number, "name": "张三"})
    post(client, "code", {"phone": PHONE})
    post(client, "lookup", {"number": theirs.number, "name": "李四"})

    assert client.get("/api/v1/verify/my-lookups").status_code == 401
    client.force_login(zhang_san)
    body = client.get("/api/v1/verify/my-lookups").json()
    assert body["count"] == 1
    assert body["items"][0]["certificate_number"] == mine.number
    assert body["items"][0]["verifier_phone"] == "139****3333"
    assert body["items"][0]["details_shown"] is False
    assert client.get(f"/api/v1/verify/my-lookups?certificate={theirs.pk}").status_code == 404
    assert client.get(f"/api/v1/verify/my-lookups?certificate={mine.pk}").json()["count"] == 1


def test_r91_api_refuses_empty_input_without_logging(client):
    response = post(client, "lookup", {"number": " ", "name": "张三"})

    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "code": "invalid",
        "message": "请填写证书编号",
        "rule": "R-91",
        "field": "number",
    }
    assert not Lookup.objects.exists()
