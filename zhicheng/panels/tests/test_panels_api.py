"""The REST operations call the same services: forming, moves, scoring, opinions, defenses, the notice."""

import datetime

from django.utils import timezone

from zhicheng.panels.models import DefenseSlot, PanelOpinion
from zhicheng.panels.tests.factories import entries, full_marks, members, tomorrow_at

API = "/api/v1/panels"


def _json(client, method, url, body=None):
    return getattr(client, method)(url, body or {}, content_type="application/json")


def test_the_agency_forms_panels_and_reads_the_composition(client, session, agency):
    client.force_login(agency)

    formed = _json(client, "post", f"{API}/sessions/{session.pk}/panels", {"panel_count": 1})
    refused = _json(client, "post", f"{API}/sessions/{session.pk}/panels", {"panel_count": 3})
    unknown = _json(client, "post", f"{API}/sessions/{session.pk}/panels", {"panel_count": 1, "leader": 1})

    assert formed.status_code == 201
    (panel,) = formed.json()["panels"]
    assert (len(panel["members"]), len(panel["entries"])) == (6, 4)
    assert sum(m["is_leader"] for m in panel["members"]) == 1
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["rule"] == "R-65"
    assert unknown.status_code == 422


def test_moves_and_leader_through_the_api(client, session, agency, panel_a, panel_b):
    client.force_login(agency)
    entry = entries(panel_a)[0]

    moved = _json(client, "post", f"{API}/entries/{entry.pk}/move", {"panel_id": panel_b.pk})
    too_few = _json(client, "post", f"{API}/members/{members(panel_a)[1].pk}/move", {"panel_id": panel_b.pk})
    leader = _json(client, "post", f"{API}/members/{members(panel_a)[2].pk}/leader")

    assert moved.status_code == 200
    assert [len(p["entries"]) for p in moved.json()["panels"]] == [1, 3]
    assert too_few.status_code == 409
    assert too_few.json()["errors"][0]["rule"] == "R-65"
    assert leader.status_code == 200
    assert [m["is_leader"] for m in leader.json()["panels"][0]["members"]].count(True) == 1


def test_the_bureau_reads_but_does_not_arrange(client, session, bureau, panel_a):
    client.force_login(bureau)

    assert client.get(f"{API}/sessions/{session.pk}").status_code == 200
    assert _json(client, "post", f"{API}/sessions/{session.pk}/panels", {"panel_count": 1}).status_code == 403


def test_the_leader_writes_the_opinion_through_the_api(client, session, panel_a):
    entry = entries(panel_a)[0]
    for member in members(panel_a):
        client.force_login(member.seat.expert.user)
        marks = [
            {"item_id": k, "grade": v} if not v.isdigit() else {"item_id": k, "points": v}
            for k, v in full_marks(session).items()
        ]
        assert _json(client, "put", f"{API}/entries/{entry.pk}/scores", {"scores": marks}).status_code == 200

    client.force_login(members(panel_a)[1].seat.expert.user)
    not_leader = _json(
        client, "put", f"{API}/entries/{entry.pk}/opinion", {"recommendation": "support", "text": "同意"}
    )
    client.force_login(members(panel_a)[0].seat.expert.user)
    written = _json(
        client, "put", f"{API}/entries/{entry.pk}/opinion", {"recommendation": "oppose", "text": "业绩不足"}
    )

    assert not_leader.status_code == 409
    assert written.status_code == 200
    assert written.json() | {"text": None} == {
        "recommendation": "oppose",
        "recommendation_label": "建议不通过",
        "text": None,
        "average_points": "80.00",
    }
    assert PanelOpinion.objects.get(entry=entry).written_by == members(panel_a)[0]


def test_defenses_through_the_api(client, session, agency, panel_a):
    client.force_login(agency)
    first, second = entries(panel_a)
    starts = tomorrow_at(9)

    bulk = _json(
        client,
        "post",
        f"{API}/panels/{panel_a.pk}/defenses",
        {"starts_at": starts.isoformat(), "minutes_each": 30, "place": "二室"},
    )
    moved = _json(
        client,
        "put",
        f"{API}/entries/{second.pk}/defense",
        {"starts_at": (starts + datetime.timedelta(hours=3)).isoformat(), "place": "三室"},
    )
    early = _json(client, "post", f"{API}/defenses/{bulk.json()[0]['id']}/attendance", {"attendance": "attended"})

    assert bulk.status_code == 201
    assert [
        timezone.localtime(datetime.datetime.fromisoformat(s["starts_at"])).strftime("%H:%M") for s in bulk.json()
    ] == [
        "09:00",
        "09:30",
    ]
    assert moved.status_code == 200
    assert DefenseSlot.objects.get(entry=second).place == "三室"
    assert early.status_code == 409
    assert early.json()["errors"][0]["message"] == "答辩时间未到，不能记录答辩情况"

    client.force_login(first.application.applicant)
    mine = client.get(f"{API}/applications/{first.application_id}/defense")
    notice = client.get(mine.json()["notice_url"])
    assert mine.json()["place"] == "二室"
    assert notice["Content-Type"] == "application/pdf"
    assert client.get(f"{API}/applications/{first.application_id}/defense-notice").status_code == 200
