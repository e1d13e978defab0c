import json

import pytest

from zhicheng.applications.models import Application, Status
from zhicheng.applications.tests.factories import ApplicationFactory, complete_application


@pytest.fixture
def application(zhang_san, plan, committee):
    return complete_application(applicant=zhang_san, plan=plan, committee=committee)


def _json(client, method, url, body=None):
    response = getattr(client, method)(
        url, data=json.dumps(body) if body is not None else None, content_type="application/json"
    )
    return response.status_code, response.json() if response.content else None


def test_openapi_document_lists_the_applicant_operations(client, db):
    document = client.get("/api/openapi.json").json()

    paths = document["paths"]
    assert "/api/v1/applications/" in paths
    assert "/api/v1/applications/{pk}/submit" in paths
    assert "/api/v1/applications/{pk}/eligibility" in paths


def test_create_patch_check_and_submit_through_the_api(client, zhang_san, plan, committee):
    client.force_login(zhang_san)

    status, created = _json(
        client, "post", "/api/v1/applications/", {"committee_id": committee.pk, "level": "intermediate"}
    )
    assert status == 201
    pk = created["id"]
    status, patched = _json(client, "patch", f"/api/v1/applications/{pk}", {"position": "工程师"})
    assert status == 200
    assert patched["fields"]["position"] == "工程师"
    status, check = _json(client, "get", f"/api/v1/applications/{pk}/eligibility")
    assert status == 200
    assert check["eligible"] is False
    assert all(p["rule"].startswith("R-") and p["message"] for p in check["problems"])

    status, refused = _json(client, "post", f"/api/v1/applications/{pk}/submit")
    assert status == 409
    assert {e["code"] for e in refused["errors"]} == {"ineligible"}
    assert len(refused["errors"]) == len(check["problems"])
    assert Application.objects.get(pk=pk).status == Status.DRAFT


def test_submit_returns_the_frozen_version(client, zhang_san, application):
    client.force_login(zhang_san)

    status, version = _json(client, "post", f"/api/v1/applications/{application.pk}/submit")

    assert status == 201
    assert version["number"] == 1
    status, detail = _json(client, "get", f"/api/v1/applications/{application.pk}")
    assert detail["status"] == "submitted"
    assert detail["holder"] == application.unit.name  # who holds it, by name, not just "审核中"


def test_invalid_patch_gives_a_structured_chinese_error_and_saves_nothing(client, zhang_san, application):
    client.force_login(zhang_san)

    status, body = _json(client, "patch", f"/api/v1/applications/{application.pk}", {"gender": "X", "position": "新"})

    assert status == 422
    assert body["errors"][0]["field"] == "gender"
    application.refresh_from_db()
    assert application.position == "软件工程师"


def test_another_applicants_application_is_404_in_every_operation(client, li_si, application):
    client.force_login(li_si)
    pk = application.pk

    for method, url in [
        ("get", f"/api/v1/applications/{pk}"),
        ("patch", f"/api/v1/applications/{pk}"),
        ("get", f"/api/v1/applications/{pk}/eligibility"),
        ("post", f"/api/v1/applications/{pk}/submit"),
        ("get", f"/api/v1/applications/{pk}/versions"),
        ("get", f"/api/v1/applications/{pk}/history"),
    ]:
        status, body = _json(client, method, url, {} if method in {"patch", "post"} else None)
        assert status == 404, url
        assert body["errors"][0]["code"] == "not_found"


def test_anonymous_caller_gets_401(client, application):
    status, body = _json(client, "get", f"/api/v1/applications/{application.pk}")

    assert status == 401
    assert body["errors"][0]["message"] == "请先登录"


def test_work_history_with_end_before_start_is_refused(client, zhang_san, plan, committee):
    application = ApplicationFactory(applicant=zhang_san, plan=plan, committee=committee)
    client.force_login(zhang_san)

    status, body = _json(
        client,
        "post",
        f"/api/v1/applications/{application.pk}/work-history",
        {
            "started_on": "2020-01-01",
            "ended_on": "2019-01-01",
            "organization_name": "某单位",
            "position": "工程师",
        },
    )

    assert status == 422
    assert "截止时间不能早于起始时间" in body["errors"][0]["message"]
    assert not application.work_history.exists()
