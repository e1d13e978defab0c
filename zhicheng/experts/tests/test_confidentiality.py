"""The expert signs the confidentiality agreement in the system (R-74, 第十九条)."""

import pytest
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.experts.models import ExpertStatus
from zhicheng.experts.permissions import AGREEMENT_VERSION, has_signed
from zhicheng.experts.services import ExpertError, sign_confidentiality
from zhicheng.experts.tests.factories import ExpertWithAccountFactory


@pytest.fixture
def unsigned(series):
    return ExpertWithAccountFactory(series=series, confidentiality_signed_at=None, confidentiality_version="")


def test_r74_the_page_shows_the_agreement_citing_the_rules(client, unsigned):
    client.force_login(unsigned.user)

    page = client.get(reverse("experts:confidentiality")).content.decode()

    for article in ("第十九条", "第二十八条", "第二十九条", "《北京市职称评审管理暂行办法》"):
        assert article in page
    assert f"协议版本 {AGREEMENT_VERSION}" in page
    assert "签署</button>" in page


def test_r74_signing_needs_the_checkbox(client, unsigned):
    client.force_login(unsigned.user)

    response = client.post(reverse("experts:confidentiality"), {})

    assert response.status_code == 400
    assert "请先勾选" in response.content.decode()
    unsigned.refresh_from_db()
    assert not has_signed(unsigned)


def test_r74_expert_signs_and_the_signature_is_recorded_with_its_version(client, unsigned):
    client.force_login(unsigned.user)

    response = client.post(reverse("experts:confidentiality"), {"agree": "on"}, follow=True)

    assert "您已签署保密协议" in response.content.decode()
    unsigned.refresh_from_db()
    assert has_signed(unsigned)
    assert unsigned.confidentiality_version == AGREEMENT_VERSION
    event = AuditEvent.objects.get(action="confidentiality_signed")
    assert (event.actor, event.data) == (unsigned.user, {"version": AGREEMENT_VERSION})


def test_r74_an_older_version_does_not_count_and_can_be_signed_again(unsigned):
    unsigned.confidentiality_version = "2020.1"
    unsigned.confidentiality_signed_at = unsigned.user.date_joined

    assert not has_signed(unsigned)
    sign_confidentiality(unsigned, by=unsigned.user)
    assert has_signed(unsigned)


def test_r74_signing_twice_is_refused(unsigned):
    sign_confidentiality(unsigned, by=unsigned.user)

    with pytest.raises(ExpertError, match=r"已于.*签署本版保密协议"):
        sign_confidentiality(unsigned, by=unsigned.user)


def test_r74_only_the_expert_signs(unsigned, bureau):
    with pytest.raises(ExpertError, match="须由专家本人签署"):
        sign_confidentiality(unsigned, by=bureau)


def test_r74_a_retired_expert_does_not_sign(unsigned):
    unsigned.status = ExpertStatus.RETIRED

    with pytest.raises(ExpertError, match="已退出专家库"):
        sign_confidentiality(unsigned, by=unsigned.user)


def test_the_page_is_for_experts_only(client, bureau, zhang_san):
    for user in (bureau, zhang_san):
        client.force_login(user)
        assert client.get(reverse("experts:confidentiality")).status_code == 403
