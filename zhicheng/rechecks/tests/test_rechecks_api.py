import pytest
import time_machine
from django.urls import reverse

from zhicheng.ballots.tests.factories import agency_of
from zhicheng.notifications.models import SmsMessage
from zhicheng.rechecks.models import Recheck, RecheckStatus

from .factories import LAST_DAY, VOTED_AT, at, decided_applications, decided_session, pdf


@pytest.fixture
def application(db):
    return decided_applications(decided_session())[0]


def test_r84_the_applicant_files_and_the_agency_answers_through_the_api(client, application):
    client.force_login(application.applicant)
    url = reverse("api:file_recheck", args=[application.pk])
    with time_machine.travel(VOTED_AT, tick=False):
        unconfirmed = client.post(url, {"reason": "理由"})
        created = client.post(url, {"reason": "代表作未被评议", "evidence": pdf(), "confirm": "true"})
    assert unconfirmed.status_code == 409
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == RecheckStatus.OPEN
    assert body["evidence_url"] == reverse("rechecks:evidence", args=[body["id"]])
    assert [r["id"] for r in client.get(reverse("api:list_own_rechecks")).json()] == [body["id"]]

    client.force_login(agency_of(application.evaluation.session))
    queue = client.get(reverse("api:recheck_queue")).json()
    assert queue["count"] == 1
    assert queue["items"][0]["application_number"] == application.number
    answer_url = reverse("api:answer_recheck", args=[body["id"]])
    refused = client.post(answer_url, {"outcome": "maybe", "answer": "答复"}, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "outcome"
    answered = client.post(
        answer_url, {"outcome": "reconsider", "answer": "建议评委会重新评议"}, content_type="application/json"
    )
    assert answered.status_code == 200
    assert answered.json()["outcome_label"] == "建议重新评议"
    assert SmsMessage.objects.filter(template_id="recheck_answered").count() == 1

    client.force_login(application.applicant)
    seen = client.get(reverse("api:get_recheck", args=[body["id"]])).json()
    assert seen["answer"] == "建议评委会重新评议"


def test_r84_the_api_refuses_after_the_period(client, application):
    client.force_login(application.applicant)
    with time_machine.travel(at(LAST_DAY.replace(day=18)), tick=False):
        response = client.post(
            reverse("api:file_recheck", args=[application.pk]), {"reason": "理由", "confirm": "true"}
        )
    assert response.status_code == 409
    assert response.json()["errors"][0] == {
        "code": "refused",
        "message": "申请复查的期限已过：应在2025年3月17日（含）前提出，现已不能申请",
        "rule": "R-84",
        "field": None,
    }
    assert not Recheck.objects.exists()


def test_anonymous_callers_get_401(client, db):
    assert client.get(reverse("api:recheck_queue")).status_code == 401
