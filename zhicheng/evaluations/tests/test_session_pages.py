"""The pages of a session, from its creation to the filed roster, driven through the client."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import AgencyFactory, UserFactory
from zhicheng.evaluations.models import DrawKind, EvaluationSession, SeatRole, SeatStatus, SessionStatus
from zhicheng.notifications.models import SmsMessage


def _token(seat):
    link = SmsMessage.objects.get(template_id="expert_invited", object_id=str(seat.pk)).params["link"]
    return link.rstrip("/").rsplit("/", 1)[1]


def test_agency_creates_a_session_from_the_page(client, agency, committee, applications, pool):
    client.force_login(agency)

    form = client.get(reverse("evaluations:session_new")).content.decode()
    response = client.post(
        reverse("evaluations:session_new"),
        {
            "committee": committee.pk,
            "name": "2024年度评审会",
            "meeting_on": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
            "place": "评审中心",
            "experts_requested": 5,
        },
    )

    assert committee.name in form
    session = EvaluationSession.objects.get()
    assert response.url == reverse("evaluations:session", args=[session.pk])
    assert session.entries.count() == 3
    page = client.get(response.url).content.decode()
    assert '<dd id="entry-count">3份</dd>' in page
    assert "申请市人社局抽取专家" in page


def test_session_page_shows_the_refusal_next_to_the_field(client, agency, committee, applications):
    client.force_login(agency)

    response = client.post(
        reverse("evaluations:session_new"),
        {
            "committee": committee.pk,
            "name": "评审会",
            "meeting_on": timezone.localdate().isoformat(),
            "place": "评审中心",
            "experts_requested": 6,
        },
    )

    assert response.status_code == 400
    assert "请申请抽取奇数名专家" in response.content.decode()
    assert not EvaluationSession.objects.exists()


def test_request_draw_then_the_bureau_confirms_and_draws(client, session, agency, bureau):
    client.force_login(agency)
    client.post(reverse("evaluations:request_draw", args=[session.pk]))
    client.force_login(bureau)

    confirm = client.get(reverse("evaluations:draw", args=[session.pk])).content.decode()
    response = client.post(reverse("evaluations:draw", args=[session.pk]))

    assert "确认随机抽取" in confirm
    assert "符合条件的备案专家</dt><dd>12人" in confirm
    session.refresh_from_db()
    assert session.status == SessionStatus.CONFIRMING
    assert response.url == reverse("evaluations:session", args=[session.pk])
    page = client.get(response.url).content.decode()
    assert page.count('<span class="badge invited">待确认</span>') == 5
    assert "下载抽取记录" in page
    link = SmsMessage.objects.filter(template_id="expert_invited").first().params["link"]
    assert link.startswith("http://testserver/evaluations/invitations/")


def test_draw_record_downloads_as_json(client, drawn, agency):
    draw = drawn.draws.get()
    client.force_login(agency)

    response = client.get(reverse("evaluations:draw_record", args=[draw.pk]))

    record = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert (record["seed"], record["result"]) == (draw.seed, draw.result)


def test_expert_accepts_from_the_dashboard_and_sees_the_applicants(client, drawn):
    seat = drawn.seats.select_related("expert__user").first()
    client.force_login(seat.expert.user)

    home = client.get(reverse("evaluations:expert_home")).content.decode()
    client.post(reverse("evaluations:respond", args=[drawn.pk]), {"action": "accept"})
    entries = client.get(reverse("evaluations:entries", args=[drawn.pk])).content.decode()

    assert drawn.committee.name in home
    assert "确认参加" in home
    seat.refresh_from_db()
    assert seat.status == SeatStatus.ACCEPTED
    for entry in drawn.entries.select_related("application__applicant", "application__unit"):
        assert entry.application.applicant.real_name in entries
        assert entry.application.unit.name in entries
        assert entry.application.applicant.id_number not in entries
        assert entry.application.applicant.phone not in entries


def test_r74_unsigned_expert_is_sent_to_the_agreement(client, drawn):
    seat = drawn.seats.select_related("expert__user").first()
    seat.expert.confidentiality_signed_at = None
    seat.expert.save()
    client.force_login(seat.expert.user)

    home = client.get(reverse("evaluations:expert_home")).content.decode()
    client.post(reverse("evaluations:respond", args=[drawn.pk]), {"action": "accept"})

    assert "参加评审前须签署保密协议" in home
    seat.refresh_from_db()
    assert seat.status == SeatStatus.INVITED
    assert client.get(reverse("evaluations:entries", args=[drawn.pk])).status_code == 404


def test_sms_link_shows_committee_and_date_and_takes_the_answer_without_login(client, drawn):
    seat = drawn.seats.select_related("expert").first()
    url = reverse("evaluations:invitation", args=[_token(seat)])

    page = client.get(url).content.decode()
    response = client.post(url, {"action": "decline", "reason": "出国"})

    assert drawn.committee.name in page
    assert f"{drawn.meeting_on.year}年{drawn.meeting_on.month}月{drawn.meeting_on.day}日" in page
    assert drawn.place not in page
    for other in drawn.seats.exclude(pk=seat.pk).select_related("expert"):
        assert other.expert.name not in page
    assert "已谢绝" in response.content.decode()
    seat.refresh_from_db()
    assert seat.status == SeatStatus.DECLINED
    assert drawn.draws.filter(kind=DrawKind.REPLACEMENT).count() == 1
    assert client.get(url).status_code == 404


def test_unknown_invitation_link_is_404(client, db):
    assert client.get(reverse("evaluations:invitation", args=["not-a-token"])).status_code == 404


def test_expert_declares_a_conflict_on_the_applicant_list(client, confirmed):
    seat = confirmed.seats.select_related("expert__user").first()
    entry = confirmed.entries.first()
    client.force_login(seat.expert.user)

    client.post(reverse("evaluations:declare_conflict", args=[confirmed.pk]), {"entry": entry.pk, "reason": "同学"})
    page = client.get(reverse("evaluations:entries", args=[confirmed.pk])).content.decode()

    assert page.count("已回避</span>") == 1
    assert confirmed.conflicts.get().entry == entry


def test_expert_cannot_declare_for_another_sessions_entry(client, confirmed, committee, plan, agency):
    seat = confirmed.seats.select_related("expert__user").first()
    client.force_login(seat.expert.user)

    client.post(reverse("evaluations:declare_conflict", args=[confirmed.pk]), {"entry": 999999, "reason": "同学"})

    assert not confirmed.conflicts.exists()


def test_agency_records_a_conflict_and_withdraws_a_seat(client, confirmed, agency):
    seat = confirmed.seats.select_related("expert").first()
    entry = confirmed.entries.first()
    client.force_login(agency)

    client.post(
        reverse("evaluations:record_conflict", args=[confirmed.pk]),
        {"expert": seat.expert_id, "entry": entry.pk, "reason": "亲属"},
    )
    client.post(reverse("evaluations:withdraw_seat", args=[seat.pk]), {"reason": "利害关系"})
    page = client.get(reverse("evaluations:session", args=[confirmed.pk])).content.decode()

    assert confirmed.conflicts.get().reason == "亲属"
    seat.refresh_from_db()
    assert seat.status == SeatStatus.WITHDRAWN
    assert "补充抽取" in page
    assert "已回避</span>" in page


def test_agency_assigns_roles_and_files_the_roster(client, confirmed, agency):
    seats = list(confirmed.seats.order_by("id"))
    client.force_login(agency)

    form = client.get(reverse("evaluations:roster", args=[confirmed.pk])).content.decode()
    response = client.post(
        reverse("evaluations:roster", args=[confirmed.pk]), {"chair": seats[0].pk, "vice_chairs": [seats[1].pk]}
    )

    assert seats[0].expert.name in form
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.committee_size) == (SessionStatus.ROSTER_FILED, 5)
    assert confirmed.seats.get(pk=seats[0].pk).role == SeatRole.CHAIR


def test_roster_page_lists_every_problem(client, confirmed, agency):
    seats = list(confirmed.seats.order_by("id"))
    client.force_login(agency)

    response = client.post(
        reverse("evaluations:roster", args=[confirmed.pk]),
        {"chair": seats[0].pk, "vice_chairs": [s.pk for s in seats[1:]]},
    )

    assert response.status_code == 400
    assert "副主任委员须为1至3名，当前为4名" in response.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.status == SessionStatus.CONFIRMING


def test_other_agency_gets_404_everywhere(client, confirmed):
    stranger = UserFactory(role=Role.AGENCY, organization=AgencyFactory(name="另一评审服务机构"))
    seat = confirmed.seats.first()
    client.force_login(stranger)

    assert client.get(reverse("evaluations:session", args=[confirmed.pk])).status_code == 404
    assert client.get(reverse("evaluations:roster", args=[confirmed.pk])).status_code == 404
    assert client.get(reverse("evaluations:draw_record", args=[confirmed.draws.get().pk])).status_code == 404
    assert client.post(reverse("evaluations:withdraw_seat", args=[seat.pk]), {"reason": "x"}).status_code == 404
    assert client.post(reverse("evaluations:request_draw", args=[confirmed.pk])).status_code == 404
    assert confirmed.name not in client.get(reverse("evaluations:sessions")).content.decode()


def test_wrong_roles_are_turned_away(client, requested, agency, zhang_san):
    client.force_login(agency)
    assert client.post(reverse("evaluations:draw", args=[requested.pk])).status_code == 403
    client.force_login(zhang_san)
    assert client.get(reverse("evaluations:sessions")).status_code == 403
    assert client.get(reverse("evaluations:expert_home")).status_code == 403
    requested.refresh_from_db()
    assert requested.status == SessionStatus.DRAW_REQUESTED
