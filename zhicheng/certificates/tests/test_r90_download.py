"""本人证书查询 and downloads (R-90): the holder and the bureau get the PDFs; everyone else gets 404."""

import pytest

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory

from .factories import file_bytes, issued

pytestmark = pytest.mark.django_db


def test_r90_the_holder_sees_and_downloads_both_documents(bureau, client):
    certificate = issued(bureau)
    client.force_login(certificate.holder)

    page = client.get("/certificates/mine/").content.decode()
    assert certificate.number in page
    assert "/verify/mine/" in page
    for kind, body in (("certificate", certificate.pdf), ("notice", certificate.notice_pdf)):
        response = client.get(f"/certificates/{certificate.pk}/{kind}.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content == file_bytes(body)
    mine = client.get("/api/v1/certificates/mine").json()
    assert [(c["number"], c["status"]) for c in mine] == [(certificate.number, "valid")]
    assert client.get(mine[0]["notice_url"]).status_code == 200


def test_r90_the_bureau_downloads_any_certificate(bureau, client):
    certificate = issued(bureau)
    client.force_login(bureau)

    assert client.get(f"/certificates/{certificate.pk}/certificate.pdf").status_code == 200
    assert client.get(f"/api/v1/certificates/{certificate.pk}/notice.pdf").status_code == 200


def test_r90_others_get_404_for_a_certificate_not_theirs(bureau, client, li_si):
    certificate = issued(bureau)
    agency = UserFactory(role=Role.AGENCY, organization=certificate.application.committee.agency)

    for outsider in (li_si, agency):
        client.force_login(outsider)
        assert client.get(f"/certificates/{certificate.pk}/certificate.pdf").status_code == 404
        assert client.get(f"/certificates/{certificate.pk}/notice.pdf").status_code == 404
        assert client.get(f"/api/v1/certificates/{certificate.pk}/certificate.pdf").status_code == 404
        assert certificate.number not in client.get("/certificates/mine/").content.decode()
    client.force_login(certificate.holder)
    assert client.get(f"/certificates/{certificate.pk}/photo.pdf").status_code == 404
    assert client.get(f"/certificates/{certificate.pk + 1}/certificate.pdf").status_code == 404
    client.logout()
    assert client.get(f"/certificates/{certificate.pk}/certificate.pdf").status_code == 302
    assert client.get(f"/api/v1/certificates/{certificate.pk}/certificate.pdf").status_code == 401
