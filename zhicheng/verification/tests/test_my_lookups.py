import pytest

from zhicheng.verification.models import Lookup

from .factories import certificate, last_code, qr_url

pytestmark = pytest.mark.django_db
PHONE = "13922223333"


def test_r91_every_lookup_is_logged_and_shown_to_the_holder_with_a_masked_phone(client, zhang_san):
    cert = certificate(applicant=zhang_san)
    client.post("/verify/", {"number": cert.number, "name": "张三"})
    client.post("/verify/details/code/", {"phone": PHONE})
    client.post("/verify/details/", {"code": last_code(PHONE)})
    client.get(qr_url(cert))
    client.post("/api/v1/verify/lookup", {"number": cert.number, "name": "张三"}, content_type="application/json")
    client.post("/verify/", {"number": cert.number, "name": "张四"})

    assert Lookup.objects.count() == 4
    client.force_login(zhang_san)
    page = client.get("/verify/mine/").content.decode()

    assert page.count(f"<td>{cert.number}</td>") == 3
    assert "<td>证书编号和姓名</td>" in page
    assert "<td>扫描二维码</td>" in page
    assert "<td>接口查询</td>" in page
    assert "139****3333" in page
    assert PHONE not in page
    assert page.count("已查看") == 1


def test_r91_the_holder_sees_one_certificates_lookups_and_others_get_404(client, zhang_san, li_si):
    mine = certificate(applicant=zhang_san)
    theirs = certificate(applicant=li_si)
    client.post("/verify/", {"number": theirs.number, "name": "李四"})
    client.post("/verify/", {"number": mine.number, "name": "张三"})
    client.force_login(zhang_san)

    assert client.get(f"/verify/mine/{theirs.pk}/").status_code == 404
    assert client.get("/verify/mine/999999/").status_code == 404
    everything = client.get("/verify/mine/").content.decode()
    assert mine.number in everything
    assert theirs.number not in everything
    assert mine.number in client.get(f"/verify/mine/{mine.pk}/").content.decode()


def test_r91_the_holders_page_needs_a_login(client):
    response = client.get("/verify/mine/")

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_r91_a_user_without_certificates_sees_none(client, li_si):
    cert = certificate()
    client.post("/verify/", {"number": cert.number, "name": "张三"})
    client.force_login(li_si)

    page = client.get("/verify/mine/").content.decode()

    assert "您还没有电子职称证书" in page
    assert cert.number not in page
