"""The REST operations call the same services as the pages, with structured errors."""

import datetime

from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import AgencyFactory, UserFactory
from zhicheng.evaluations import draw as drawing
from zhicheng.evaluations.models import SeatStatus, SessionStatus
from zhicheng.evaluations.tests.conftest import API
from zhicheng.notifications.models import SmsMessage


def _post(client, url, body=None):
    return client.post(f"{API}{url}", body or {}, content_type="application/json")


def test_session_api_from_creation_to_the_draw(client, agency, bureau, committee, applications, pool):
    client.force_login(agency)
    created = _post(
        client,
        "/sessions",
        {
            "committee": committee.pk,
            "name": "评审会",
            "meeting_on": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
            "place": "评审中心",
            "experts_requested": 5,
        },
    )
    pk = created.json()["id"]
    requested = _post(client, f"/sessions/{pk}/request-draw")
    client.force_login(bureau)
    drawn = _post(client, f"/sessions/{pk}/draw")
    detail = client.get(f"{API}/sessions/{pk}").json()
    record = client.get(f"{API}/draws/{drawn.json()['id']}/record").json()

    assert created.status_code == 201
    assert created.json()["entry_count"] == 3
    assert requested.json()["status"] == SessionStatus.DRAW_REQUESTED
    assert drawn.status_code == 201
    assert (drawn.json()["pool_size"], drawn.json()["excluded"]) == (12, 0)
    assert len(detail["seats"]) == 5
    assert detail["status"] == SessionStatus.CONFIRMING
    assert drawing.check_record(record).ok


def test_r61_api_refusal_is_structured(client, agency, committee, applications):
    client.force_login(agency)

    response = _post(
        client,
        "/sessions",
        {
            "committee": committee.pk,
            "name": "评审会",
            "meeting_on": timezone.localdate().isoformat(),
            "place": "评审中心",
            "experts_requested": 3,
        },
    )

    assert response.status_code == 409
    error = response.json()["errors"][0]
    assert (error["rule"], error["field"]) == ("R-61", "experts_requested")


def test_expert_answers_and_declares_through_the_api(client, drawn):
    seat = drawn.seats.select_related("expert__user").first()
    client.force_login(seat.expert.user)

    mine = client.get(f"{API}/mine").json()
    accepted = _post(client, f"/mine/{drawn.pk}/respond", {"accept": True})
    entries = client.get(f"{API}/mine/{drawn.pk}/entries").json()
    declared = _post(client, f"/mine/{drawn.pk}/conflicts", {"entry": entries[0]["id"], "reason": "同学"})
    after = client.get(f"{API}/mine/{drawn.pk}/entries").json()

    assert mine == [
        {
            "session_id": drawn.pk,
            "committee": drawn.committee.name,
            "meeting_on": drawn.meeting_on.isoformat(),
            "status": "invited",
            "status_label": "待确认",
        }
    ]
    assert accepted.json()["status"] == SeatStatus.ACCEPTED
    assert {e["applicant"] for e in entries} == {"王小明", "李晓红", "赵大伟"}
    assert "id_number" not in entries[0]
    assert declared.status_code == 201
    assert [e["recused"] for e in after] == [True, False, False]


def test_invitation_api_answers_without_login(client, drawn):
    seat = drawn.seats.first()
    token = SmsMessage.objects.get(object_id=str(seat.pk)).params["link"].rstrip("/").rsplit("/", 1)[1]

    shown = client.get(f"{API}/invitations/{token}").json()
    declined = _post(client, f"/invitations/{token}", {"accept": False, "reason": "出差"})

    assert shown == {"committee": drawn.committee.name, "meeting_on": drawn.meeting_on.isoformat()}
    assert declined.json()["status"] == SeatStatus.DECLINED
    assert client.get(f"{API}/invitations/{token}").status_code == 404


def test_agency_withdraws_records_and_files_through_the_api(client, confirmed, agency):
    seats = list(confirmed.seats.order_by("id"))
    entry = confirmed.entries.first()
    client.force_login(agency)

    recorded = _post(
        client,
        f"/sessions/{confirmed.pk}/conflicts",
        {"expert": seats[0].expert_id, "entry": entry.pk, "reason": "亲属"},
    )
    refused = _post(client, f"/sessions/{confirmed.pk}/roster", {"chair": seats[0].pk, "vice_chairs": []})
    filed = _post(client, f"/sessions/{confirmed.pk}/roster", {"chair": seats[0].pk, "vice_chairs": [seats[1].pk]})

    assert recorded.status_code == 201
    assert recorded.json()["source"] == "agency_recorded"
    assert refused.status_code == 409
    assert [e["message"] for e in refused.json()["errors"]] == ["副主任委员须为1至3名，当前为0名"]
    assert filed.json()["status"] == SessionStatus.ROSTER_FILED
    assert filed.json()["committee_size"] == 5


def test_withdraw_api_reports_the_replacement_draw(client, confirmed, agency):
    seat = confirmed.seats.first()
    client.force_login(agency)

    response = _post(client, f"/seats/{seat.pk}/withdraw", {"reason": "利害关系"})

    assert response.json()["replacement_draw"] == confirmed.draws.last().pk


def test_api_access_checks(client, requested, agency, zhang_san):
    stranger = UserFactory(role=Role.AGENCY, organization=AgencyFactory(name="另一评审服务机构"))
    client.force_login(stranger)
    assert client.get(f"{API}/sessions/{requested.pk}").status_code == 404
    assert _post(client, f"/sessions/{requested.pk}/request-draw").status_code == 404
    client.force_login(agency)
    assert _post(client, f"/sessions/{requested.pk}/draw").status_code == 403
    assert _post(client, f"/sessions/{requested.pk}/request-draw").status_code == 409
    client.force_login(zhang_san)
    assert client.get(f"{API}/sessions").status_code == 403
    client.logout()
    assert client.get(f"{API}/sessions").status_code == 401
