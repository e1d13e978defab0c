import datetime

import pytest

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications.models import Status
from zhicheng.unit_review import services
from zhicheng.unit_review.models import Objection, ObjectionStatus, Posting, Recommendation
from zhicheng.unit_review.tests.helpers import at, corrected_and_resubmitted, days_from_today, posted, recommended

API = "/api/v1/unit-review"
ONE_DAY = datetime.timedelta(days=1)


def post(client, path: str, body: dict):
    return client.post(f"{API}{path}", body, content_type="application/json")


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


def test_queue_lists_with_filters_and_pagination(hr_client, application):
    body = hr_client.get(f"{API}/applications", {"q": "张三"}).json()

    assert (body["count"], body["page"], body["pages"]) == (1, 1, 1)
    item = body["items"][0]
    assert (item["number"], item["applicant"], item["status"]) == (application.number, "张三", "submitted")
    assert hr_client.get(f"{API}/applications", {"status": "unit_posting"}).json()["count"] == 0


def test_detail_gives_the_snapshot_checks_and_moves(hr_client, application):
    body = hr_client.get(f"{API}/applications/{application.pk}").json()

    assert body["version_number"] == 1
    assert body["snapshot"]["fields"]["level"] == "中级"
    assert body["problems"] == []
    assert {m["name"] for m in body["moves"]} == {"unit_return", "start_posting"}


def test_r30_return_through_the_api(hr_client, application):
    refused = post(hr_client, f"/applications/{application.pk}/return", {"reason": ""})
    assert refused.status_code == 409
    assert refused.json()["errors"][0] == {
        "code": "refused",
        "message": "请填写退回原因",
        "rule": None,
        "field": "reason",
    }

    response = post(hr_client, f"/applications/{application.pk}/return", {"reason": "请补充工作经历"})

    assert response.status_code == 200
    assert response.json()["status"] == Status.RETURNED


def test_r30_posting_objection_and_recommendation_through_the_api(hr_client, application, hr):
    response = post(hr_client, f"/applications/{application.pk}/postings", {"starts_on": str(days_from_today(0))})
    assert response.status_code == 201
    posting = response.json()
    objection = post(
        hr_client,
        f"/applications/{application.pk}/objections",
        {"received_on": posting["starts_on"], "summary": "业绩存疑"},
    )
    assert objection.status_code == 201
    ends_on = datetime.date.fromisoformat(posting["ends_on"])

    with at(ends_on + ONE_DAY):
        hr_client.force_login(hr)
        blocked = post(hr_client, f"/applications/{application.pk}/recommend", {"opinion": "同意推荐"})
        resolved = post(
            hr_client,
            f"/applications/{application.pk}/objections/{objection.json()['id']}/resolve",
            {"resolution": "已核实"},
        )
        done = post(hr_client, f"/applications/{application.pk}/recommend", {"opinion": "同意推荐"})

    assert blocked.status_code == 409
    assert blocked.json()["errors"][0]["rule"] == "R-31"
    assert resolved.json()["status"] == ObjectionStatus.RESOLVED
    assert done.status_code == 201
    assert done.json()["opinion"] == "同意推荐"
    application.refresh_from_db()
    assert application.status == Status.AGENCY_REVIEW


def test_r42_recommend_again_through_the_api(hr_client, application, hr):
    recommended(application, hr)
    corrected_and_resubmitted(application)

    response = post(hr_client, f"/applications/{application.pk}/recommend", {"opinion": "同意", "again": True})

    assert response.status_code == 201
    assert response.json()["again"] is True


def test_inputs_are_strict(hr_client, application):
    extra = post(hr_client, f"/applications/{application.pk}/return", {"reason": "x", "status": "approved"})
    bad_date = post(hr_client, f"/applications/{application.pk}/postings", {"starts_on": "明天"})

    assert extra.status_code == 422
    assert bad_date.status_code == 422
    assert bad_date.json()["errors"][0]["field"] == "starts_on"
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_r30_bulk_operations_report_each_application(hr_client, application, hr, other_hr, li_si, plan, committee):
    from zhicheng.applications.services import submit_application
    from zhicheng.applications.tests.factories import complete_application

    foreign = complete_application(applicant=li_si, plan=plan, committee=committee, unit=other_hr.organization)
    submit_application(foreign, by=li_si)

    body = post(
        hr_client, "/bulk/postings", {"ids": [application.pk, foreign.pk], "starts_on": str(days_from_today(0))}
    )

    assert body.json() == [
        {"id": application.pk, "number": application.number, "ok": True, "message": "已开始公示"},
        {"id": foreign.pk, "number": "", "ok": False, "message": "未找到该申报，或您无权办理"},
    ]
    refused = post(hr_client, "/bulk/recommend", {"ids": [application.pk], "opinion": ""})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "opinion"
    early = post(hr_client, "/bulk/recommend", {"ids": [application.pk], "opinion": "同意"}).json()
    assert early[0]["ok"] is False
    assert "公示期满后方可推荐" in early[0]["message"]


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.AGENCY])
def test_other_roles_are_forbidden(client, role, application):
    client.force_login(UserFactory(role=role))

    assert client.get(f"{API}/applications").status_code == 403
    assert post(client, f"/applications/{application.pk}/return", {"reason": "x"}).status_code == 403


def test_another_units_hr_gets_404_from_every_operation(client, other_hr, application, hr):
    posting = posted(application, hr)
    objection = services.add_objection(posting, by=hr, received_on=posting.starts_on, summary="有异议")
    client.force_login(other_hr)
    pk = application.pk

    assert client.get(f"{API}/applications/{pk}").status_code == 404
    assert client.get(f"{API}/applications").json()["count"] == 0
    for path, body in {
        f"/applications/{pk}/return": {"reason": "x"},
        f"/applications/{pk}/postings": {"starts_on": str(days_from_today(0))},
        f"/applications/{pk}/objections": {"received_on": str(posting.starts_on), "summary": "x"},
        f"/applications/{pk}/objections/{objection.pk}/resolve": {"resolution": "x"},
        f"/applications/{pk}/recommend": {"opinion": "x"},
    }.items():
        response = post(client, path, body)
        assert response.status_code == 404, path
        assert response.json()["errors"][0]["code"] == "not_found"
    bulk = post(client, "/bulk/recommend", {"ids": [pk], "opinion": "x"}).json()
    assert bulk[0]["ok"] is False
    assert Objection.objects.get().status == ObjectionStatus.OPEN
    assert Posting.objects.count() == 1
    assert not Recommendation.objects.exists()
