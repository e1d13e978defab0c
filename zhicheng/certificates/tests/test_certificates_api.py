"""The REST operations call the same services as the pages."""

import pytest

from zhicheng.certificates.models import Certificate, CertificateStatus

from .factories import confirmed

pytestmark = pytest.mark.django_db
API = "/api/v1/certificates"


def _json(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_r90_r92_issue_watch_and_revoke_through_the_api(
    bureau, client, immediate_tasks, django_capture_on_commit_callbacks
):
    (application,) = confirmed(bureau)
    client.force_login(bureau)
    assert [p["pending"] for p in client.get(f"{API}/plans/pending").json()] == [1]

    with django_capture_on_commit_callbacks(execute=True):
        started = _json(client, f"{API}/batches", {"plan_id": application.plan_id})

    assert started.status_code == 201
    batch = client.get(f"{API}/batches/{started.json()['id']}").json()
    assert (batch["status"], batch["done"], batch["total"]) == ("finished", 1, 1)
    again = _json(client, f"{API}/batches", {"plan_id": application.plan_id})
    assert again.status_code == 409
    assert again.json()["errors"][0]["rule"] == "R-90"
    (issued,) = client.get(f"{API}/issued").json()
    assert issued["masked_id_number"] == application.applicant.masked_id_number

    no_reason = _json(client, f"{API}/{issued['id']}/revoke", {"reason": ""})
    assert no_reason.json()["errors"][0] == {
        "code": "refused",
        "message": "请填写撤销原因",
        "rule": "R-92",
        "field": "reason",
    }
    revoked = _json(client, f"{API}/{issued['id']}/revoke", {"reason": "业绩造假"})
    assert (revoked.json()["status"], revoked.json()["revoke_reason"]) == ("revoked", "业绩造假")
    assert [r["number"] for r in client.get(f"{API}/revocations").json()["revoked"]] == [issued["number"]]


def test_r90_r92_other_roles_are_refused(bureau, client, immediate_tasks, django_capture_on_commit_callbacks):
    (application,) = confirmed(bureau)
    client.force_login(application.applicant)

    assert _json(client, f"{API}/batches", {"plan_id": application.plan_id}).status_code == 403
    assert client.get(f"{API}/batches").status_code == 403
    assert not Certificate.objects.exists()
    client.force_login(bureau)
    with django_capture_on_commit_callbacks(execute=True):
        _json(client, f"{API}/batches", {"plan_id": application.plan_id})
    certificate = Certificate.objects.get()
    client.force_login(application.applicant)
    assert _json(client, f"{API}/{certificate.pk}/revoke", {"reason": "x"}).status_code == 403
    assert Certificate.objects.get().status == CertificateStatus.VALID
    client.force_login(bureau)
    assert _json(client, f"{API}/batches", {"plan_id": 999999}).status_code == 404
    assert _json(client, f"{API}/{certificate.pk + 1}/revoke", {"reason": "x"}).status_code == 404
