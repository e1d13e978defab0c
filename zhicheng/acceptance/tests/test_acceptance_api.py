"""The acceptance API: the same services as the pages, with structured refusals."""

import pytest

from zhicheng.applications.models import Status
from zhicheng.ballots.models import VoteResult
from zhicheng.ballots.tests.factories import agency_of, entries, other_agency_staff
from zhicheng.evaluations.tests.factories import bureau_staff

from .factories import applications, reported

API = "/api/v1/acceptance/sessions"
pytestmark = pytest.mark.django_db


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_r80_the_bureau_checks_corrects_and_accepts_through_the_api(client):
    session = reported()
    first = entries(session)[0]
    base = f"{API}/{session.pk}"
    client.force_login(bureau_staff())

    queue = client.get(API).json()
    assert (queue["count"], queue["items"][0]["id"], queue["items"][0]["passed"]) == (1, session.pk, 3)
    checks = _post(client, f"{base}/checks").json()["checks"]
    assert all(c["ok"] for c in checks)

    missing = _post(client, f"{base}/entries/{first.pk}/correct", {"reason": ""})
    assert missing.status_code == 409
    error = missing.json()["errors"][0]
    assert (error["rule"], error["field"], error["message"]) == ("R-80", "reason", "请填写纠正理由")
    corrected = _post(client, f"{base}/entries/{first.pk}/correct", {"reason": "业绩材料不实"}).json()
    assert corrected["results"][0]["status"] == Status.FAILED
    assert corrected["results"][0]["correction"]["reason"] == "业绩材料不实"

    accepted = _post(client, f"{base}/accept", {"note": "验收通过"}).json()
    assert (accepted["status"], accepted["note"]) == ("accepted", "验收通过")
    assert [a.status for a in applications(session)] == [Status.FAILED, Status.ACCEPTED, Status.ACCEPTED]


def test_r80_a_failing_check_refuses_acceptance_through_the_api(client):
    session = reported(applications=1)
    VoteResult.objects.filter(entry__session=session).update(approvals=4, disapprovals=1)
    client.force_login(bureau_staff())

    refused = _post(client, f"{API}/{session.pk}/accept")

    assert refused.status_code == 409
    assert "整场评审会不能验收" in refused.json()["errors"][0]["message"]
    assert {a.status for a in applications(session)} == {Status.PASSED}


def test_the_agency_reads_its_acceptance_and_may_not_act(client):
    session = reported(applications=1)
    client.force_login(agency_of(session))

    assert client.get(f"{API}/{session.pk}").json()["status"] == "pending"
    assert _post(client, f"{API}/{session.pk}/accept").status_code == 404
    assert client.get(API).status_code == 404


def test_outsiders_get_404_and_anonymous_401(client):
    session = reported(applications=1)

    assert client.get(f"{API}/{session.pk}").status_code == 401
    client.force_login(other_agency_staff())
    assert client.get(f"{API}/{session.pk}").status_code == 404
    assert _post(client, f"{API}/{session.pk}/checks").status_code == 404
    client.force_login(bureau_staff())
    assert _post(client, f"{API}/{session.pk}/entries/999999/correct", {"reason": "x"}).status_code == 404
