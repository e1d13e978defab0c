import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.applications.models import Application, EmploymentType, Status
from zhicheng.catalog.models import Level
from zhicheng.materials.tests import files

from .factories import accepted_session, agency_user, applications, at, central_unit, other_agency_user, unit_hr

pytestmark = pytest.mark.django_db
API = "/api/v1/results"


def _json(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_r81_r82_r83_post_complain_resolve_and_confirm_through_the_api(client, bureau):
    session = accepted_session(bureau, applications=2, levels=(Level.SENIOR_DEPUTY,))
    senior, intermediate = applications(session)
    unit = central_unit()
    Application.objects.filter(pk=senior.pk).update(unit=unit, employment_type=EmploymentType.CENTRAL_UNIT)

    client.force_login(bureau)
    assert [s["waiting"] for s in client.get(f"{API}/sessions/ready").json()] == [2]
    holiday = _json(client, f"{API}/sessions/{session.pk}/post", {"starts_on": "2024-10-01"})
    assert holiday.status_code == 409
    assert holiday.json()["errors"][0] == {
        "code": "refused",
        "message": "2024年10月1日不是工作日，公示须从工作日开始",
        "rule": "R-81",
        "field": "starts_on",
    }
    created = _json(client, f"{API}/sessions/{session.pk}/post", {"starts_on": "2024-09-27"})
    assert created.status_code == 201
    assert {(p["publisher_kind"], p["ends_on"], p["shown"]) for p in created.json()} == {
        ("bureau", "2024-10-09", 1),
        ("agency", "2024-10-09", 1),
    }
    client.logout()

    listing = client.get(f"{API}/postings", {"publisher": "agency"}).json()
    assert [p["publisher"] for p in listing["items"]] == [session.committee.agency.name]
    detail = client.get(f"{API}/postings/{listing['items'][0]['id']}")
    assert detail.json()["results"][0]["name"] == intermediate.applicant.real_name
    assert not re.search(r"\d{17}[\dX]|1\d{10}", detail.content.decode())
    posted_id = detail.json()["results"][0]["id"]
    filed = client.post(
        f"{API}/results/{posted_id}/complaints",
        {
            "contact_name": "王举报",
            "contact_phone": "13700001234",
            "text": "业绩造假",
            "evidence": SimpleUploadedFile("e.pdf", files.pdf_bytes()),
        },
    )
    assert filed.status_code == 201
    assert filed.json()["status"] == "open"

    client.force_login(other_agency_user())
    assert client.get(f"{API}/complaints").json() == []
    client.force_login(agency_user(session))
    (complaint,) = client.get(f"{API}/complaints").json()
    assert complaint["contact_phone"] == "137****1234"
    assert client.get(complaint["evidence_url"])["Content-Type"] == "application/pdf"
    founded = _json(client, f"{API}/complaints/{complaint['id']}/resolve", {"founded": True, "outcome": "属实"})
    assert founded.json()["errors"][0]["rule"] == "R-82"
    resolved = _json(client, f"{API}/complaints/{complaint['id']}/resolve", {"founded": False, "outcome": "不属实"})
    assert resolved.json()["status"] == "unfounded"

    with at(datetime.date(2024, 10, 10)):
        client.force_login(bureau)
        bureau_posting = next(p for p in created.json() if p["publisher_kind"] == "bureau")
        confirmed = client.post(f"{API}/postings/{bureau_posting['id']}/confirm")
        assert confirmed.json() == {"confirmed": [senior.pk], "held": []}
        staff = client.get(f"{API}/manage/postings/{bureau_posting['id']}").json()
        assert staff["results"][0]["status"] == Status.CONFIRMED
        client.force_login(unit_hr(unit))
        (letter,) = client.get(f"{API}/letters").json()
        pdf = client.get(f"{API}/letters/{letter['posted_result_id']}")
        assert pdf["Content-Type"] == "application/pdf"
        client.force_login(agency_user(session))
        assert client.get(f"{API}/letters/{letter['posted_result_id']}").status_code == 403


def test_public_api_answers_404_for_unknown_postings_and_results(client):
    assert client.get(f"{API}/postings/999").status_code == 404
    response = client.post(
        f"{API}/results/999/complaints", {"contact_name": "王", "contact_phone": "13700001234", "text": "x"}
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
