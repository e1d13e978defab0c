import datetime

import pytest
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.agency_review.models import CorrectionNotice
from zhicheng.agency_review.tests.fixtures import API
from zhicheng.applications.models import Status
from zhicheng.fees.models import FeeNotice

ITEMS = {
    "items": [
        {"target": "school", "problem": "与证书不符", "requirement": "按证书填写"},
        {"target": "work_history", "problem": "缺少起止时间", "requirement": "补充完整"},
    ]
}


def _due(days=10):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_queue_api_lists_and_filters(client, reviewer, in_review, second_in_review):
    client.force_login(reviewer)

    everything = client.get(f"{API}/agency-review/").json()
    searched = client.get(f"{API}/agency-review/", {"q": "王五"}).json()

    assert everything["count"] == 2
    assert [r["number"] for r in searched["results"]] == [second_in_review.number]


def test_review_api_gives_checklist_and_changes(client, reviewer, in_review):
    client.force_login(reviewer)

    body = client.get(f"{API}/agency-review/applications/{in_review.pk}").json()

    assert (body["version_number"], body["problems"], body["changes"], body["unit_opinion"]) == (1, [], [], None)


def test_r41_correction_api_creates_one_notice_with_every_item(client, reviewer, in_review):
    client.force_login(reviewer)

    response = client.post(
        f"{API}/agency-review/applications/{in_review.pk}/correction", ITEMS, content_type="application/json"
    )

    assert response.status_code == 201
    assert [i["target_label"] for i in response.json()["items"]] == ["申报信息：毕业院校", "工作经历"]
    in_review.refresh_from_db()
    assert in_review.status == Status.CORRECTION


def test_r41_correction_api_without_items_is_a_structured_error(client, reviewer, in_review):
    client.force_login(reviewer)

    response = client.post(
        f"{API}/agency-review/applications/{in_review.pk}/correction", {"items": []}, content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["errors"][0] | {"message": None} == {
        "code": "refused",
        "message": None,
        "rule": "R-41",
        "field": "items",
    }


def test_correction_api_rejects_unknown_input_fields(client, reviewer, in_review):
    client.force_login(reviewer)

    response = client.post(
        f"{API}/agency-review/applications/{in_review.pk}/correction",
        {**ITEMS, "status": "approved"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert not CorrectionNotice.objects.exists()


def test_approve_api_sets_the_payment_deadline(client, reviewer, in_review, fee):
    client.force_login(reviewer)

    response = client.post(
        f"{API}/agency-review/applications/{in_review.pk}/approve",
        {"payment_due_on": _due()},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json() == {"application_id": in_review.pk, "amount": "300.00", "due_on": _due()}


def test_approve_api_from_a_wrong_status_is_refused(client, reviewer, in_review, fee):
    client.force_login(reviewer)
    client.post(f"{API}/agency-review/applications/{in_review.pk}/correction", ITEMS, content_type="application/json")

    response = client.post(
        f"{API}/agency-review/applications/{in_review.pk}/approve",
        {"payment_due_on": _due()},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "wrong_status"
    assert not FeeNotice.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "", None),
        ("post", "/correction", ITEMS),
        ("post", "/approve", {"payment_due_on": "2099-01-01"}),
    ],
)
def test_another_agencys_staff_gets_404_from_every_operation(
    client, other_reviewer, in_review, fee, method, path, body
):
    client.force_login(other_reviewer)
    kwargs = {"content_type": "application/json"} if body else {}

    response = getattr(client, method)(f"{API}/agency-review/applications/{in_review.pk}{path}", body, **kwargs)

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW


def test_another_agencys_staff_sees_an_empty_queue_and_dashboard(client, other_reviewer, in_review):
    client.force_login(other_reviewer)

    assert client.get(f"{API}/agency-review/").json()["count"] == 0
    assert client.get(f"{API}/agency-review/dashboard").json() == {"committees": [], "upcoming": []}


def test_agency_api_refuses_other_roles(client, in_review, zhang_san):
    client.force_login(UserFactory(role=Role.UNIT_HR, organization=in_review.unit))

    response = client.post(
        f"{API}/agency-review/applications/{in_review.pk}/correction", ITEMS, content_type="application/json"
    )

    assert response.status_code == 403
    assert client.logout() is None
    assert client.get(f"{API}/agency-review/").status_code == 401


def test_applicant_reads_own_notice_through_the_api_and_no_one_elses(client, reviewer, in_review, zhang_san, li_si):
    client.force_login(reviewer)
    notice = client.post(
        f"{API}/agency-review/applications/{in_review.pk}/correction", ITEMS, content_type="application/json"
    ).json()

    client.force_login(zhang_san)
    assert len(client.get(f"{API}/agency-review/corrections/{notice['id']}").json()["items"]) == 2
    client.force_login(li_si)
    assert client.get(f"{API}/agency-review/corrections/{notice['id']}").status_code == 404
