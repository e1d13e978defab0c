import pytest
from django.urls import reverse

from zhicheng.accounts.tests.factories import ApplicantFactory
from zhicheng.ballots import services
from zhicheng.ballots.models import SealedSheet, Signature, VoteResult
from zhicheng.evaluations.models import SessionStatus
from zhicheng.evaluations.tests.factories import bureau_staff, session_with_roster

from .factories import (
    PASSWORD,
    agency_of,
    approve_all,
    cast_all,
    closed,
    entries,
    opened_meeting,
    other_agency_staff,
    presider,
    seats,
    voting,
)


@pytest.mark.django_db
def test_the_agency_records_attendance_and_opens_the_meeting_on_its_page(client):
    session = session_with_roster(experts=11, applications=2)
    client.force_login(agency_of(session))
    page = client.get(reverse("ballots:meeting", args=[session.pk])).content.decode()
    assert "出席不少于8人" in page

    attending = [s.pk for s in seats(session)[:7]]
    client.post(reverse("ballots:attendance", args=[session.pk]), {"attending": attending})
    response = client.post(reverse("ballots:open_meeting", args=[session.pk]), follow=True)
    assert "未达到评委会11人的2/3（至少8人）" in response.content.decode()

    client.post(reverse("ballots:attendance", args=[session.pk]), {"attending": [*attending, seats(session)[7].pk]})
    response = client.post(reverse("ballots:open_meeting", args=[session.pk]), follow=True)

    assert "评审会议已召开" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.MEETING


@pytest.mark.django_db
def test_meeting_page_is_for_the_committees_agency_and_the_bureau_only(client):
    session = opened_meeting(experts=9, applications=1)
    url = reverse("ballots:meeting", args=[session.pk])

    client.force_login(bureau_staff())
    assert client.get(url).status_code == 200
    client.force_login(other_agency_staff())
    assert client.get(url).status_code == 404
    client.force_login(ApplicantFactory(username="outsider", identity="110101199003077731"))
    assert client.get(url).status_code == 403
    client.force_login(agency_of(session))
    assert client.get(reverse("ballots:meeting", args=[session.pk + 1000])).status_code == 404


@pytest.mark.django_db
def test_the_agency_writes_remarks_on_the_meeting_page(client):
    session = opened_meeting(experts=9, applications=2)
    entry = entries(session)[0]
    client.force_login(agency_of(session))

    client.post(reverse("ballots:remark", args=[session.pk, entry.pk]), {"text": "专家发言：同意推荐"})
    client.post(reverse("ballots:summary", args=[session.pk]), {"summary": "会议顺利"})

    page = client.get(reverse("ballots:meeting", args=[session.pk])).content.decode()
    assert "专家发言：同意推荐" in page
    assert "会议顺利" in page


@pytest.mark.django_db
def test_r70_experts_vote_on_the_sheet_and_see_their_receipt_once(client):
    session = voting(experts=9, applications=2)
    seat = seats(session)[4]
    client.force_login(seat.expert.user)
    url = reverse("ballots:ballot", args=[session.pk])
    sheet = client.get(url).content.decode()
    assert entries(session)[0].application.applicant.real_name in sheet

    missing = client.post(url, {f"entry-{entries(session)[0].pk}": "approve"})
    assert missing.status_code == 400
    assert "尚有1名未选择" in missing.content.decode()

    response = client.post(url, {f"entry-{e.pk}": "disapprove" for e in entries(session)})
    code = response.context["code"]
    assert code in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert code not in client.get(url).content.decode()
    assert "您已投票" in client.get(url).content.decode()

    again = client.post(url, {f"entry-{e.pk}": "approve" for e in entries(session)})
    assert "只能投票一次" in again.content.decode()
    checked = client.post(reverse("ballots:receipt", args=[session.pk]), {"code": code}).content.decode()
    assert "将在结束投票时计票" in checked
    assert "不同意" not in checked  # the receipt never shows the choices
    assert SealedSheet.objects.count() == 1


@pytest.mark.django_db
def test_r70_absent_experts_and_outsiders_get_no_ballot_page(client):
    session = session_with_roster(experts=9, applications=1)
    seat_list = seats(session)
    services.record_attendance(session, {s.pk for s in seat_list[:8]}, by=agency_of(session))
    services.open_meeting(session, by=agency_of(session))
    client.force_login(seat_list[8].expert.user)

    for name in ("ballot", "receipt", "results", "minutes", "preside"):
        assert client.get(reverse(f"ballots:{name}", args=[session.pk])).status_code == 404
    client.force_login(agency_of(session))
    assert client.get(reverse("ballots:ballot", args=[session.pk])).status_code == 403


@pytest.mark.django_db
def test_r71_the_presider_sees_progress_names_the_missing_voters_and_closes(client):
    session = voting(experts=9, applications=1)
    voters = seats(session)
    for seat in voters[:7]:
        services.cast_ballots(seat, {entries(session)[0].pk: "approve"}, by=seat.expert.user)
    client.force_login(voters[3].expert.user)
    assert client.get(reverse("ballots:preside", args=[session.pk])).status_code == 404
    client.force_login(presider(session))

    page = client.get(reverse("ballots:preside", args=[session.pk])).content.decode()
    assert "已投票 7/9" in page
    assert voters[7].expert.name in page
    assert voters[8].expert.name in page
    refused = client.post(reverse("ballots:close_voting", args=[session.pk]), follow=True).content.decode()
    assert "尚有2位出席专家未投票" in refused
    assert not VoteResult.objects.exists()

    results = client.post(reverse("ballots:close_voting", args=[session.pk]), {"confirm": "1"}, follow=True)

    assert "投票已结束" in results.content.decode()
    assert "同意票达到出席专家（不含回避）的2/3及以上" in results.content.decode()
    assert VoteResult.objects.get().passed


@pytest.mark.django_db
def test_r71_results_are_shown_to_attending_experts_the_agency_and_the_bureau_after_closing(client):
    session = voting(experts=9, applications=1)
    url = reverse("ballots:results", args=[session.pk])
    client.force_login(agency_of(session))
    assert "结果未宣布" in client.get(url).content.decode()

    cast_all(session, approve_all)
    client.force_login(presider(session))
    client.post(reverse("ballots:close_voting", args=[session.pk]))

    for user in (agency_of(session), bureau_staff(), seats(session)[6].expert.user):
        client.force_login(user)
        assert ">通过</td>" in client.get(url).content.decode()
    client.force_login(other_agency_staff())
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_r71_experts_sign_the_minutes_on_the_page_and_download_the_pdf(client):
    session = closed(experts=9, attending=8, applications=1)
    attending = [s for s in seats(session) if s.attended]
    url = reverse("ballots:minutes", args=[session.pk])
    client.force_login(attending[0].expert.user)
    assert "签署会议纪要" in client.get(url).content.decode()

    wrong = client.post(reverse("ballots:sign", args=[session.pk]), {"password": "nope"})
    assert wrong.status_code == 400
    assert "密码不正确" in wrong.content.decode()
    assert client.get(reverse("ballots:minutes_pdf", args=[session.pk])).status_code == 404

    for seat in attending:
        client.force_login(seat.expert.user)
        client.post(reverse("ballots:sign", args=[session.pk]), {"password": PASSWORD})

    assert Signature.objects.count() == 8
    page = client.get(url).content.decode()
    assert "已归档" in page
    assert "下载纪要PDF" in page
    assert 'name="password"' not in page
    pdf = client.get(reverse("ballots:minutes_pdf", args=[session.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    client.force_login(agency_of(session))
    response = client.post(reverse("ballots:report", args=[session.pk]), follow=True)
    assert "评审结果已报市人社局验收" in response.content.decode()
