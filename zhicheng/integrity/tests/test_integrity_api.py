"""The API offers what the pages offer, with the same checks (R-25, R-100)."""

from zhicheng.applications.models import Application, Status
from zhicheng.integrity.exports import verify_export

API = "/api/v1/integrity"


def test_r25_agency_proposes_and_bureau_cancels_through_the_api(client, in_review, reviewer, officer, zhang_san):
    client.force_login(reviewer)
    response = client.post(f"{API}/applications/{in_review.pk}/proposals", {"facts": "冒用他人专利"})
    assert response.status_code == 201
    case_id = response.json()["id"]

    client.force_login(officer)
    refused = client.post(
        f"{API}/cases/{case_id}/decision",
        {"decision": "cancel", "decision_number": ""},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["message"] == "请填写处理决定文号"
    done = client.post(
        f"{API}/cases/{case_id}/decision",
        {"decision": "cancel", "decision_number": "京人社职称〔2026〕9号"},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == "cancelled"
    assert Application.objects.get(pk=in_review.pk).status == Status.CANCELLED
    found = client.get(f"{API}/records", {"q": zhang_san.id_number}).json()
    assert [r["reason"] for r in found["items"]] == ["冒用他人专利"]
    assert zhang_san.id_number not in str(found)
    assert verify_export(client.get(f"{API}/export").json())

    client.force_login(zhang_san)
    assert [r["decision_number"] for r in client.get(f"{API}/mine").json()] == ["京人社职称〔2026〕9号"]
    assert client.get(f"{API}/records").status_code == 403


def test_r25_another_agency_gets_404_for_an_application_it_does_not_review(client, in_review, other_reviewer):
    client.force_login(other_reviewer)
    assert client.post(f"{API}/applications/{in_review.pk}/proposals", {"facts": "x"}).status_code == 404


def test_openapi_document_lists_the_integrity_and_comparison_operations(client, officer):
    client.force_login(officer)
    paths = client.get("/api/openapi.json").json()["paths"]
    assert f"{API}/cases/{{case_id}}/decision" in paths
    assert "/api/v1/comparison/findings/{finding_id}/conclusion" in paths
