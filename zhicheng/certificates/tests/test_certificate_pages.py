"""The bureau's pages: start a batch with a confirmation, watch its progress, revoke with a reason."""

import pytest

from zhicheng.certificates.models import BatchStatus, Certificate, CertificateStatus, IssueBatch
from zhicheng.evaluations.tests.factories import agency_staff

from .factories import confirmed, issued

pytestmark = pytest.mark.django_db


def test_r90_the_bureau_starts_a_batch_only_after_confirming(
    bureau, client, immediate_tasks, django_capture_on_commit_callbacks
):
    (application,) = confirmed(bureau)
    client.force_login(bureau)
    page = client.get("/certificates/batches/").content.decode()
    assert "待制发 1 人" in page

    refused = client.post("/certificates/batches/start/", {"plan": application.plan_id}, follow=True)
    assert "请勾选确认后再发起制发" in refused.content.decode()
    assert not IssueBatch.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/certificates/batches/start/", {"plan": application.plan_id, "confirm": "1"})

    batch = IssueBatch.objects.get()
    assert started.url == f"/certificates/batches/{batch.pk}/"
    assert batch.base_url == "http://testserver"
    batch.refresh_from_db()
    assert (batch.status, batch.done) == (BatchStatus.FINISHED, 1)
    assert Certificate.objects.get().application == application


def test_r90_the_batch_page_polls_every_two_seconds_while_running(bureau, client):
    (application,) = confirmed(bureau)
    batch = IssueBatch.objects.create(plan=application.plan, created_by=bureau, total=4, done=1)
    IssueBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    client.force_login(bureau)

    running = client.get(f"/certificates/batches/{batch.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in running
    assert "已制发 1 / 4 份" in running
    assert "<html" not in running

    IssueBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.FINISHED, done=4)
    finished = client.get(f"/certificates/batches/{batch.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in finished
    assert "已制发 4 / 4 份" in finished


def test_r90_batch_pages_are_for_the_bureau_only(bureau, client):
    (application,) = confirmed(bureau)
    batch = IssueBatch.objects.create(plan=application.plan, created_by=bureau)

    client.force_login(agency_staff(application.committee))
    assert client.get("/certificates/batches/").status_code == 403
    assert client.post("/certificates/batches/start/", {"plan": application.plan_id, "confirm": "1"}).status_code == 403
    assert client.get(f"/certificates/batches/{batch.pk}/").status_code == 403
    assert IssueBatch.objects.count() == 1


def test_r92_the_revoke_page_needs_a_reason_and_a_confirmation(bureau, client):
    certificate = issued(bureau)
    client.force_login(bureau)
    url = f"/certificates/{certificate.pk}/revoke/"
    assert certificate.masked_id_number in client.get(url).content.decode()

    no_reason = client.post(url, {"reason": " ", "confirm": "1"})
    assert no_reason.status_code == 400
    assert "请填写撤销原因" in no_reason.content.decode()
    unconfirmed = client.post(url, {"reason": "伪造业绩"})
    assert "请勾选确认撤销" in unconfirmed.content.decode()
    assert Certificate.objects.get().status == CertificateStatus.VALID

    assert client.post(url, {"reason": "伪造业绩", "confirm": "1"}).status_code == 302
    assert Certificate.objects.get().status == CertificateStatus.REVOKED


def test_r92_the_holder_cannot_reach_the_revoke_page(bureau, client):
    certificate = issued(bureau)
    client.force_login(certificate.holder)

    assert client.post(f"/certificates/{certificate.pk}/revoke/", {"reason": "x", "confirm": "1"}).status_code == 403
    assert Certificate.objects.get().status == CertificateStatus.VALID
