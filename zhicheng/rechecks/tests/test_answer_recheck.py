import pytest
import time_machine
from django.urls import reverse

from zhicheng.applications.models import Status
from zhicheng.audit.services import history_for
from zhicheng.ballots.tests.factories import agency_of, other_agency_staff
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.tests.factories import bureau_staff
from zhicheng.notifications.models import SmsMessage
from zhicheng.rechecks import services
from zhicheng.rechecks.models import Outcome, RecheckStatus

from .factories import VOTED_AT, decided_applications, decided_session


@pytest.fixture
def recheck(db):
    application = decided_applications(decided_session())[0]
    with time_machine.travel(VOTED_AT, tick=False):
        return services.file_recheck(application, reason="代表作未被评议", evidence=None, by=application.applicant)


def test_r84_the_agency_answers_and_the_applicant_gets_an_sms_and_sees_the_answer(client, recheck):
    application = recheck.application
    client.force_login(agency_of(application.evaluation.session))
    queue = client.get(reverse("rechecks:queue")).content.decode()
    assert application.number in queue
    assert "待答复" in queue

    url = reverse("rechecks:answer", args=[recheck.pk])
    response = client.post(url, {"outcome": Outcome.UPHELD, "answer": "经复核，评议组已审阅全部代表作。"})

    assert response.status_code == 302
    recheck.refresh_from_db()
    assert recheck.status == RecheckStatus.ANSWERED
    assert recheck.outcome == Outcome.UPHELD
    assert recheck.answered_by == agency_of(application.evaluation.session)
    assert [e.action for e in history_for(recheck)] == ["file_recheck", "answer_recheck"]
    sms = SmsMessage.objects.get(template_id="recheck_answered")
    assert sms.params == {"name": application.applicant.real_name, "number": application.number}
    assert sms.object_id == str(recheck.pk)
    application.refresh_from_db()
    assert application.status == Status.PASSED

    client.force_login(application.applicant)
    mine = client.get(reverse("rechecks:mine")).content.decode()
    assert "维持原评审结果" in mine
    assert "经复核，评议组已审阅全部代表作。" in mine
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "查看复查申请及答复" in detail
    assert "申请复查" in detail


def test_r84_the_answer_needs_text_and_an_outcome_and_is_given_once(client, recheck):
    agency = agency_of(recheck.application.evaluation.session)
    client.force_login(agency)
    response = client.post(reverse("rechecks:answer", args=[recheck.pk]), {"outcome": "", "answer": ""})
    assert response.status_code == 400
    with pytest.raises(DomainError, match="请填写答复意见"):
        services.answer_recheck(recheck, answer=" ", outcome=Outcome.UPHELD, by=agency)
    recheck.refresh_from_db()
    assert recheck.status == RecheckStatus.OPEN

    services.answer_recheck(recheck, answer="建议重新评议", outcome=Outcome.RECONSIDER, by=agency)
    with pytest.raises(DomainError, match="已答复"):
        services.answer_recheck(recheck, answer="再答一次", outcome=Outcome.UPHELD, by=agency)
    assert SmsMessage.objects.filter(template_id="recheck_answered").count() == 1


def test_r84_other_agencies_get_404_and_the_bureau_and_applicant_may_not_answer(client, recheck):
    url = reverse("rechecks:answer", args=[recheck.pk])
    client.force_login(other_agency_staff())
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": Outcome.UPHELD, "answer": "越权答复"}).status_code == 404
    assert recheck.pk not in [r.pk for r in client.get(reverse("rechecks:queue")).context["page"]]
    api = client.post(
        reverse("api:answer_recheck", args=[recheck.pk]),
        {"outcome": Outcome.UPHELD, "answer": "越权答复"},
        content_type="application/json",
    )
    assert api.status_code == 404

    client.force_login(bureau_staff())
    assert client.get(reverse("rechecks:queue")).status_code == 200
    assert client.get(url).status_code == 403
    client.force_login(recheck.application.applicant)
    assert client.get(url).status_code == 403
    recheck.refresh_from_db()
    assert recheck.status == RecheckStatus.OPEN
