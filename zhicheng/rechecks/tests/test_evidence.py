import pytest
import time_machine
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.ballots.tests.factories import agency_of, other_agency_staff
from zhicheng.evaluations.tests.factories import bureau_staff
from zhicheng.rechecks import services
from zhicheng.rechecks.models import Recheck

from .factories import VOTED_AT, decided_applications, decided_session, fake_pdf, png


@pytest.fixture
def application(db):
    return decided_applications(decided_session())[0]


def _files(settings):
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []


def test_r84_bad_evidence_file_is_refused_with_nothing_saved(client, application, settings):
    client.force_login(application.applicant)
    events = AuditEvent.objects.count()
    with time_machine.travel(VOTED_AT, tick=False):
        response = client.post(
            reverse("rechecks:new", args=[application.pk]), {"reason": "理由", "evidence": fake_pdf(), "confirm": "on"}
        )
        api = client.post(
            reverse("api:file_recheck", args=[application.pk]),
            {"reason": "理由", "evidence": fake_pdf(), "confirm": "true"},
        )

    assert response.status_code == 400
    assert "仅支持 JPG、PNG、PDF 格式的文件" in response.content.decode()
    assert api.status_code == 422
    assert api.json()["errors"][0]["field"] == "evidence"
    assert not Recheck.objects.exists()
    assert AuditEvent.objects.count() == events
    assert _files(settings) == []


def test_r84_evidence_over_the_size_limit_is_refused(client, application, settings):
    settings.UPLOAD_MAX_BYTES = 20
    client.force_login(application.applicant)
    with time_machine.travel(VOTED_AT, tick=False):
        response = client.post(
            reverse("rechecks:new", args=[application.pk]), {"reason": "理由", "evidence": png(), "confirm": "on"}
        )
    assert "文件大小不能超过" in response.content.decode()
    assert not Recheck.objects.exists()


def test_r84_evidence_is_for_the_applicant_the_committees_agency_and_the_bureau(client, application, li_si):
    with time_machine.travel(VOTED_AT, tick=False):
        recheck = services.file_recheck(application, reason="理由", evidence=png(), by=application.applicant)
    url = reverse("rechecks:evidence", args=[recheck.pk])
    api_url = reverse("api:download_evidence", args=[recheck.pk])

    for allowed in (application.applicant, agency_of(application.evaluation.session), bureau_staff()):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert client.get(api_url).status_code == 200
    for outsider in (li_si, other_agency_staff()):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(api_url).status_code == 404
