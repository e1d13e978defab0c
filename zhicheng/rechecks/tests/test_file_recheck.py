import pytest
import time_machine
from django.urls import reverse

from zhicheng.applications.models import Status
from zhicheng.audit.services import history_for
from zhicheng.ballots.tests.factories import agency_of
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.tests.factories import paid_application
from zhicheng.rechecks import services
from zhicheng.rechecks.models import Recheck, RecheckStatus
from zhicheng.workdays.services import add_workdays

from .factories import LAST_DAY, VOTED_AT, at, decided_applications, decided_session, pdf


@pytest.fixture
def application(db):
    return decided_applications(decided_session())[0]


def test_r84_applicant_files_a_recheck_with_evidence_on_the_last_day(client, application):
    client.force_login(application.applicant)
    url = reverse("rechecks:new", args=[application.pk])
    with time_machine.travel(at(LAST_DAY), tick=False):
        page = client.get(url).content.decode()
        assert "2025年3月17日（含）前" in page
        assert "不会改变申报状态和评审结果" in page
        response = client.post(url, {"reason": "答辩时评议组未审阅我的代表作", "evidence": pdf(), "confirm": "on"})

    assert response.status_code == 302
    recheck = Recheck.objects.get(application=application)
    assert recheck.status == RecheckStatus.OPEN
    assert recheck.reason == "答辩时评议组未审阅我的代表作"
    assert recheck.due_on == add_workdays(LAST_DAY, application.plan.recheck_answer_workdays)
    assert recheck.evidence_type == "application/pdf"
    assert [e.action for e in history_for(recheck)] == ["file_recheck"]
    application.refresh_from_db()
    assert application.status == Status.PASSED  # a request changes nothing by itself

    download = client.get(reverse("rechecks:evidence", args=[recheck.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_r84_the_request_needs_a_reason_and_the_confirmation(client, application):
    client.force_login(application.applicant)
    with time_machine.travel(VOTED_AT, tick=False):
        response = client.post(reverse("rechecks:new", args=[application.pk]), {"reason": "  "})

    assert response.status_code == 400
    assert "请确认后再提交复查申请" in response.content.decode()
    assert not Recheck.objects.exists()


def test_r84_refused_the_day_after_the_period_naming_the_last_day(client, application):
    client.force_login(application.applicant)
    url = reverse("rechecks:new", args=[application.pk])
    with time_machine.travel(at(LAST_DAY, hour=23), tick=False):
        services.check_may_file(application, by=application.applicant)
    with time_machine.travel(at(LAST_DAY.replace(day=18), hour=0), tick=False):
        with pytest.raises(DomainError, match="应在2025年3月17日（含）前提出"):
            services.file_recheck(application, reason="理由", evidence=None, by=application.applicant)
        page = client.get(url).content.decode()
        response = client.post(url, {"reason": "理由", "confirm": "on"})

    assert "申请复查的期限已过：应在2025年3月17日（含）前提出" in page
    assert response.status_code == 400
    assert not Recheck.objects.exists()


def test_r84_no_request_before_the_vote(application):
    waiting = paid_application(application.committee, application.plan, name="王五")
    with time_machine.travel(VOTED_AT, tick=False), pytest.raises(DomainError, match="表决产生评审结果后"):
        services.file_recheck(waiting, reason="理由", evidence=None, by=waiting.applicant)


def test_r84_another_applicants_application_is_404(client, application, li_si):
    client.force_login(li_si)
    with time_machine.travel(VOTED_AT, tick=False):
        assert client.get(reverse("rechecks:new", args=[application.pk])).status_code == 404
        response = client.post(
            reverse("api:file_recheck", args=[application.pk]), {"reason": "理由", "confirm": "true"}
        )
    assert response.status_code == 404
    assert not Recheck.objects.exists()


def test_r84_only_one_open_request_per_application(application):
    applicant = application.applicant
    with time_machine.travel(VOTED_AT, tick=False):
        first = services.file_recheck(application, reason="第一次", evidence=None, by=applicant)
        with pytest.raises(DomainError, match="答复前不能再次提出"):
            services.file_recheck(application, reason="第二次", evidence=None, by=applicant)
        assert Recheck.objects.count() == 1

        services.answer_recheck(first, answer="已复核", outcome="upheld", by=agency_of(application.evaluation.session))
        services.file_recheck(application, reason="补充新的证据", evidence=None, by=applicant)
    assert Recheck.objects.filter(application=application).count() == 2
