import datetime
import re

import pytest

from zhicheng.verification.models import Lookup, Method
from zhicheng.verification.services import NOT_FOUND

from .factories import certificate, revoke

pytestmark = pytest.mark.django_db


def answer_section(html: str) -> str:
    """The result card of a lookup page, without the form that echoes what was typed."""
    match = re.search(r'<section class="card" aria-label="查验结果">.*?</section>', html, re.S)
    assert match, html
    return match.group(0)


def test_r91_number_and_name_find_a_valid_certificate_with_its_basic_fields(client):
    cert = certificate(applicant__real_name="王小明")

    response = client.post("/verify/", {"number": cert.number, "name": "王小明"})

    section = answer_section(response.content.decode())
    assert "有效" in section
    assert "王*明" in section
    assert "王小明" not in section
    assert cert.series_name in section
    assert "中级" in section
    assert "2024年12月20日" in section
    assert "查看详细信息" in section
    logged = Lookup.objects.get()
    assert (logged.certificate, logged.method, logged.found) == (cert, Method.NUMBER_NAME, True)
    assert logged.verifier_phone == ""


def test_r91_wrong_name_unknown_number_and_both_wrong_give_the_same_answer(client):
    cert = certificate(applicant__real_name="王小明")

    answers = [
        answer_section(client.post("/verify/", form).content.decode())
        for form in (
            {"number": cert.number, "name": "王小红"},
            {"number": "京职证2099999999", "name": "王小明"},
            {"number": "京职证2099999999", "name": "王小红"},
        )
    ]

    assert answers[0] == answers[1] == answers[2]
    assert NOT_FOUND in answers[0]
    assert cert.series_name not in answers[0]
    assert list(Lookup.objects.values_list("found", "certificate")) == [(False, None)] * 3


def test_r91_missing_number_or_name_is_refused_and_logs_nothing(client):
    cert = certificate()

    no_name = client.post("/verify/", {"number": cert.number, "name": "  "})
    no_number = client.post("/verify/", {"number": "", "name": "张三"})

    assert no_name.status_code == no_number.status_code == 400
    assert "请填写持证人姓名" in no_name.content.decode()
    assert "请填写证书编号" in no_number.content.decode()
    assert not Lookup.objects.exists()


def test_r92_revoked_certificate_shows_revoked_with_the_date_by_number(client):
    cert = revoke(certificate(), datetime.datetime(2025, 3, 4, 20, 0, tzinfo=datetime.UTC))

    section = answer_section(client.post("/verify/", {"number": cert.number, "name": "张三"}).content.decode())

    assert "已撤销（撤销日期：2025年3月5日）" in section
    assert "有效" not in section
