"""The REST API under /api/v1/experts/: the same operations as the pages, with the common error shape."""

import datetime

import pytest

from zhicheng.experts.models import Expert, ExpertStatus, FilingStatus
from zhicheng.experts.permissions import AGREEMENT_VERSION
from zhicheng.experts.tests.factories import ExpertFactory, ExpertWithAccountFactory

API = "/api/v1/experts"


@pytest.fixture
def candidate(series):
    return ExpertWithAccountFactory(series=series, status=ExpertStatus.CANDIDATE, filed_on=None, phone="13712345678")


def test_list_filters_counts_categories_and_masks_phones(client, bureau, candidate, series):
    ExpertFactory(series=series, is_young=True)
    client.force_login(bureau)

    body = client.get(f"{API}/", {"status": "candidate"}).json()

    assert body["count"] == 1
    assert body["results"][0]["phone"] == "137****5678"
    assert body["results"][0]["status_label"] == "待备案"
    young = next(c for c in client.get(f"{API}/").json()["categories"] if c["key"] == "young")
    assert (young["label"], young["count"], young["percent"]) == ("青年", 1, 50.0)


def test_file_and_retire_through_the_api(client, bureau, candidate):
    client.force_login(bureau)

    filed = client.post(f"{API}/{candidate.pk}/file")
    again = client.post(f"{API}/{candidate.pk}/file")
    no_reason = client.post(f"{API}/{candidate.pk}/retire", {"reason": ""}, content_type="application/json")
    retired = client.post(f"{API}/{candidate.pk}/retire", {"reason": "退休"}, content_type="application/json")

    assert (filed.status_code, filed.json()["status"]) == (200, "filed")
    assert again.status_code == 409
    assert again.json()["errors"][0]["code"] == "refused"
    assert again.json()["errors"][0]["rule"] == "R-62"
    assert no_reason.json()["errors"][0]["field"] == "reason"
    assert retired.json()["retire_reason"] == "退休"


def test_bulk_api_files_the_listed_experts_and_404s_for_unknown_ids(client, bureau, series):
    experts = ExpertFactory.create_batch(2, series=series, status=ExpertStatus.CANDIDATE, filed_on=None)
    client.force_login(bureau)
    ids = [e.pk for e in experts]

    unknown = client.post(f"{API}/bulk", {"action": "file", "ids": [*ids, 99999]}, content_type="application/json")
    done = client.post(f"{API}/bulk", {"action": "file", "ids": ids}, content_type="application/json")

    assert unknown.status_code == 404
    assert done.json() == {"changed": 2}
    assert set(Expert.objects.values_list("status", flat=True)) == {ExpertStatus.FILED}


def test_access_to_the_pool_api(client, agency, other_agency, zhang_san, unit_hr, candidate):
    assert client.get(f"{API}/").status_code == 401
    client.force_login(zhang_san)
    assert client.get(f"{API}/{candidate.pk}").status_code == 403
    client.force_login(unit_hr)
    assert client.get(f"{API}/").json()["errors"][0]["code"] == "forbidden"
    client.force_login(other_agency)
    assert client.get(f"{API}/{candidate.pk}").json()["errors"][0]["code"] == "not_found"
    assert client.get(f"{API}/").json()["count"] == 0
    client.force_login(agency)
    assert client.get(f"{API}/{candidate.pk}").status_code == 200
    assert client.post(f"{API}/{candidate.pk}/file").status_code == 403


def test_r74_expert_reads_and_signs_the_agreement_through_the_api(client, series):
    expert = ExpertWithAccountFactory(series=series, confidentiality_signed_at=None, confidentiality_version="")
    client.force_login(expert.user)

    before = client.get(f"{API}/confidentiality").json()
    unticked = client.post(f"{API}/confidentiality", {"agree": False}, content_type="application/json")
    signed = client.post(f"{API}/confidentiality", {"agree": True}, content_type="application/json").json()

    assert (before["signed"], before["version"]) == (False, AGREEMENT_VERSION)
    assert "第二十八条" in before["text"]
    assert unticked.status_code == 422
    assert unticked.json()["errors"][0]["rule"] == "R-74"
    assert signed["signed"] is True
    assert signed["signed_at"] is not None


def test_r61_filing_api_submit_approve_and_refusals(client, committee, agency, bureau, series):
    ExpertFactory.create_batch(25, series=series)
    payload = {
        "committee_id": committee.pk,
        "size": 25,
        "vice_chairs": 2,
        "valid_from": "2025-03-01",
        "valid_until": "2028-03-01",
    }
    client.force_login(agency)

    refused = client.post(f"{API}/filings", payload | {"size": 24}, content_type="application/json")
    submitted = client.post(f"{API}/filings", payload, content_type="application/json")

    assert refused.status_code == 409
    assert [(e["rule"], e["message"]) for e in refused.json()["errors"]] == [
        ("R-61", "评委会评审专家人数须为奇数，当前为24人"),
        ("R-61", "按系列组建的评委会评审专家不得少于25人，当前为24人"),
        ("R-61", "评审专家少于25人的，须填写申请备案的专家人数下限并说明理由，由市人社局核准"),
    ]
    assert submitted.status_code == 201
    pk = submitted.json()["id"]
    assert (
        client.post(f"{API}/filings/{pk}/approve", {"filing_number": "X"}, content_type="application/json").status_code
        == 403
    )

    client.force_login(bureau)
    listed = client.get(f"{API}/filings").json()
    approved = client.post(
        f"{API}/filings/{pk}/approve", {"filing_number": "京职备1号"}, content_type="application/json"
    )
    rejected = client.post(f"{API}/filings/{pk}/reject", {"note": "迟到的意见"}, content_type="application/json")

    assert [f["id"] for f in listed["results"]] == [pk]
    assert approved.json()["status"] == FilingStatus.APPROVED
    assert rejected.status_code == 409
    committee.refresh_from_db()
    assert committee.expires_on == datetime.date(2028, 3, 1)


def test_filing_api_hides_other_agencies_committees_and_filings(client, committee, agency, other_agency, series):
    ExpertFactory.create_batch(25, series=series)
    client.force_login(agency)
    pk = client.post(
        f"{API}/filings",
        {
            "committee_id": committee.pk,
            "size": 25,
            "vice_chairs": 1,
            "valid_from": "2025-01-01",
            "valid_until": "2026-01-01",
        },
        content_type="application/json",
    ).json()["id"]
    client.force_login(other_agency)

    assert client.get(f"{API}/filings/{pk}").status_code == 404
    assert client.get(f"{API}/filings").json()["count"] == 0
    resubmitted = client.post(
        f"{API}/filings",
        {
            "committee_id": committee.pk,
            "size": 25,
            "vice_chairs": 1,
            "valid_from": "2025-01-01",
            "valid_until": "2026-01-01",
        },
        content_type="application/json",
    )
    assert resubmitted.status_code == 404
