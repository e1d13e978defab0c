import pytest

from zhicheng.ballots import services
from zhicheng.ballots.models import Ballot, SealedSheet
from zhicheng.evaluations.models import SessionStatus
from zhicheng.evaluations.tests.factories import session_with_roster

from .factories import PASSWORD, agency_of, entries, other_agency_staff, seats

API = "/api/v1/ballots/sessions"


def _json(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


@pytest.mark.django_db
def test_a_whole_meeting_runs_through_the_api(client):
    session = session_with_roster(experts=9, applications=2)
    base = f"{API}/{session.pk}"
    seat_list = seats(session)
    attending = seat_list[:8]
    client.force_login(agency_of(session))

    too_few = _json(client, "put", f"{base}/attendance", {"attending_seat_ids": [s.pk for s in seat_list[:5]]})
    assert too_few.json()["attending"] == 5
    refused = client.post(f"{base}/open-meeting")
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["rule"] == "R-68"
    _json(client, "put", f"{base}/attendance", {"attending_seat_ids": [s.pk for s in attending]})
    assert client.post(f"{base}/open-meeting").json()["status"] == SessionStatus.MEETING
    first = entries(session)[0]
    _json(client, "put", f"{base}/remarks/{first.pk}", {"text": "发言摘要"})
    assert client.get(f"{base}/meeting").json()["presided_by"] == seat_list[0].expert.name

    client.force_login(seat_list[0].expert.user)
    assert client.post(f"{base}/open-voting").json()["status"] == SessionStatus.VOTING
    codes = []
    for seat in attending:
        client.force_login(seat.expert.user)
        sheet = client.get(f"{base}/ballot").json()
        assert sheet["is_open"]
        assert not sheet["has_voted"]
        choices = [{"entry_id": e["entry_id"], "choice": "approve"} for e in sheet["entries"]]
        response = _json(client, "post", f"{base}/ballots", {"choices": choices})
        assert response.status_code == 201
        codes.append(response.json()["receipt"])
    again = _json(client, "post", f"{base}/ballots", {"choices": choices})
    assert again.status_code == 409
    assert again.json()["errors"][0]["rule"] == "R-70"

    client.force_login(seat_list[0].expert.user)
    assert client.get(f"{base}/progress").json() == {"voted": 8, "attending": 8, "not_voted": []}
    results = _json(client, "post", f"{base}/close-voting", {"confirm": False}).json()
    assert [(r["approvals"], r["attending"], r["passed"]) for r in results] == [(8, 8, True), (8, 8, True)]
    assert _json(client, "post", f"{base}/receipt", {"receipt": codes[3]}).json() == {"recorded": True, "counted": True}
    wrong = _json(client, "post", f"{base}/receipt", {"receipt": "2222-2222-2222-2222"}).json()
    assert wrong == {"recorded": False, "counted": False}

    for seat in attending:
        client.force_login(seat.expert.user)
        minutes = _json(client, "post", f"{base}/minutes/sign", {"password": PASSWORD}).json()
    assert minutes["locked"]
    assert len(minutes["signatures"]) == 8
    assert minutes["content"]["entries"][0]["remarks"] == "发言摘要"
    assert client.get(f"{base}/minutes/pdf")["Content-Type"] == "application/pdf"

    client.force_login(agency_of(session))
    assert client.post(f"{base}/report").json()["status"] == SessionStatus.REPORTED
    assert Ballot.objects.count() == 16


@pytest.mark.django_db
def test_api_hides_the_session_from_outsiders_and_absent_experts(client):
    session = session_with_roster(experts=9, applications=1)
    base = f"{API}/{session.pk}"
    client.force_login(other_agency_staff())
    assert client.get(f"{base}/meeting").status_code == 404
    assert client.post(f"{base}/open-meeting").status_code == 404
    client.force_login(seats(session)[3].expert.user)  # attendance not recorded yet
    assert client.get(f"{base}/ballot").status_code == 404
    assert client.get(f"{base}/meeting").status_code == 403
    client.logout()
    assert client.get(f"{base}/results").status_code == 401


@pytest.mark.django_db
def test_api_refuses_a_sheet_naming_an_applicant_twice(client):
    session = session_with_roster(experts=9, applications=1)
    services.record_attendance(session, {s.pk for s in seats(session)}, by=agency_of(session))
    services.open_meeting(session, by=agency_of(session))
    session.refresh_from_db()
    services.open_voting(session, by=seats(session)[0].expert.user)
    entry = entries(session)[0].pk
    client.force_login(seats(session)[2].expert.user)

    response = _json(
        client,
        "post",
        f"{API}/{session.pk}/ballots",
        {"choices": [{"entry_id": entry, "choice": "approve"}, {"entry_id": entry, "choice": "disapprove"}]},
    )

    assert response.status_code == 422
    assert not SealedSheet.objects.exists()
