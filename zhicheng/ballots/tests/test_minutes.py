import hashlib
import subprocess

import pytest

from zhicheng.applications.models import Status
from zhicheng.audit.services import history_for
from zhicheng.ballots import selectors, services
from zhicheng.ballots.models import Minutes, Remark, Signature
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.models import SessionStatus
from zhicheng.evaluations.tests.factories import session_with_roster

from .factories import (
    PASSWORD,
    agency_of,
    attend,
    closed,
    entries,
    opened_meeting,
    other_agency_staff,
    panel_record,
    seats,
)


def _attending(session):
    return [s for s in seats(session) if s.attended]


def _sign_all(session, signers=None):
    for seat in signers if signers is not None else _attending(session):
        services.sign_minutes(session, by=seat.expert.user, password=PASSWORD)


@pytest.mark.django_db
def test_r72_the_agency_records_remarks_and_a_summary_during_the_meeting():
    session = opened_meeting(experts=9, applications=2)
    first = entries(session)[0]

    services.save_remark(first, "  专家认为该同志技术能力突出。 ", by=agency_of(session))
    services.save_remark(first, "专家认为该同志技术能力突出，建议通过。", by=agency_of(session))
    services.save_summary(session, "会议按程序进行。", by=agency_of(session))

    assert Remark.objects.get(entry=first).text == "专家认为该同志技术能力突出，建议通过。"
    assert Minutes.objects.get(session=session).summary == "会议按程序进行。"
    assert [e.action for e in history_for(session.minutes)] == ["save_remark", "save_remark", "save_summary"]
    with pytest.raises(services.BallotError, match="请填写"):
        services.save_remark(first, "  ", by=agency_of(session))
    with pytest.raises(services.BallotError, match="只有本评委会的评审服务机构"):
        services.save_remark(first, "外机构填写", by=other_agency_staff())


@pytest.mark.django_db
def test_r72_no_remarks_before_the_meeting_opens():
    session = session_with_roster(experts=9, applications=1)
    attend(session, 9)

    with pytest.raises(services.BallotError, match="评审会议进行中"):
        services.save_remark(entries(session)[0], "提前填写", by=agency_of(session))
    assert not Remark.objects.exists()


@pytest.mark.django_db
def test_r72_the_minutes_state_date_experts_applicants_opinions_defenses_remarks_and_the_vote():
    session = session_with_roster(experts=11, applications=2)
    attend(session, 10)
    services.open_meeting(session, by=agency_of(session))
    session.refresh_from_db()
    panel_record(session)
    services.save_remark(entries(session)[0], "发言摘要：成果转化效益显著", by=agency_of(session))
    services.open_voting(session, by=session.minutes.chaired_by.expert.user)
    for seat in _attending(session):
        services.cast_ballots(seat, {e.pk: "approve" for e in entries(session)}, by=seat.expert.user)
    services.close_voting(session, by=session.minutes.chaired_by.expert.user)

    record = selectors.minutes_record(Minutes.objects.get(session=session))

    assert record.meeting_on == session.meeting_on.isoformat()
    assert record.place == session.place
    assert [e.role for e in record.attending][:2] == ["主任委员", "副主任委员"]
    assert len(record.attending) == 10
    assert [e.name for e in record.absent] == [seats(session)[-1].expert.name]
    first, second = record.entries
    assert first.panel_opinion == "建议通过：业绩突出，论文质量较高"
    assert (first.defense, second.defense) == ("已参加答辩", "缺席答辩")
    assert second.panel_opinion == "无评议组意见"
    assert first.remarks == "发言摘要：成果转化效益显著"
    assert (first.approvals, first.attending, first.result) == (10, 10, "通过")
    assert first.rule == "同意票达到出席专家（不含回避）的2/3及以上"


@pytest.mark.django_db
def test_r71_each_attending_expert_signs_with_their_password_and_the_last_signature_locks():
    session = closed(experts=9, attending=8, applications=2)
    attending = _attending(session)
    absent = next(s for s in seats(session) if not s.attended)

    with pytest.raises(services.BallotError, match="密码不正确"):
        services.sign_minutes(session, by=attending[0].expert.user, password="wrong")
    with pytest.raises(services.BallotError, match="只有出席会议的评审专家"):
        services.sign_minutes(session, by=absent.expert.user, password=PASSWORD)
    _sign_all(session, attending[:-1])
    with pytest.raises(services.BallotError, match="您已签署"):
        services.sign_minutes(session, by=attending[0].expert.user, password=PASSWORD)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert Minutes.objects.get(session=session).locked_at is None

    _sign_all(session, attending[-1:])

    session.refresh_from_db()
    minutes = Minutes.objects.get(session=session)
    assert session.status == SessionStatus.SIGNED
    assert minutes.locked_at is not None
    digests = set(Signature.objects.values_list("content_digest", flat=True))
    assert digests == {minutes.content_digest} == {selectors.minutes_record(minutes).digest}
    assert Signature.objects.count() == 8
    assert [e.action for e in history_for(minutes)].count("sign_minutes") == 8
    assert history_for(session).last().action == "seal_minutes"


@pytest.mark.django_db
def test_r71_no_signature_before_the_results_are_announced():
    session = opened_meeting(experts=9, applications=1)
    seat = seats(session)[3]

    with pytest.raises(services.BallotError, match="宣布表决结果后"):
        services.sign_minutes(session, by=seat.expert.user, password=PASSWORD)
    assert not Signature.objects.exists()


@pytest.mark.django_db
def test_r72_the_minutes_are_read_only_once_signing_starts():
    session = closed(experts=9, applications=1)
    entry = entries(session)[0]
    services.save_remark(entry, "宣布结果后补记发言摘要", by=agency_of(session))
    _sign_all(session, _attending(session)[:1])

    with pytest.raises(services.BallotError, match="不能再修改"):
        services.save_remark(entry, "签署后修改", by=agency_of(session))
    _sign_all(session, _attending(session)[1:])
    with pytest.raises(services.BallotError):
        services.save_summary(session, "归档后修改", by=agency_of(session))
    with pytest.raises(DomainError):
        services.sign_minutes(session, by=seats(session)[0].expert.user, password=PASSWORD)

    assert Remark.objects.get().text == "宣布结果后补记发言摘要"
    assert Minutes.objects.get(session=session).summary == ""


@pytest.mark.django_db
def test_r72_the_archived_pdf_holds_the_record_and_its_digest(tmp_path):
    session = session_with_roster(experts=9, applications=2)
    attend(session, 8)
    services.open_meeting(session, by=agency_of(session))
    session.refresh_from_db()
    panel_record(session)
    services.save_remark(entries(session)[1], "答辩缺席，材料不够充分", by=agency_of(session))
    chair = session.minutes.chaired_by.expert.user
    services.open_voting(session, by=chair)
    for i, seat in enumerate(_attending(session)):
        first, second = entries(session)
        services.cast_ballots(
            seat, {first.pk: "approve" if i < 6 else "abstain", second.pk: "disapprove"}, by=seat.expert.user
        )
    services.close_voting(session, by=chair)
    _sign_all(session)

    minutes = Minutes.objects.get(session=session)
    data = minutes.pdf.read()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == minutes.pdf_sha256
    path = tmp_path / "minutes.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout  # noqa: S603, S607
    flat = "".join(text.split())
    first, second = entries(session)
    assert "评审会议纪要" in flat
    assert first.application.applicant.real_name in flat
    assert "缺席答辩" in flat
    assert "答辩缺席，材料不够充分" in flat
    assert "同意6票，不同意0票，弃权2票" in flat
    assert "同意0票，不同意8票，弃权0票" in flat
    assert "通过" in flat
    assert "未通过" in flat
    assert minutes.content_digest in flat
    absent = next(s for s in seats(session) if not s.attended)
    assert f"缺席专家{absent.expert.name}" in flat


@pytest.mark.django_db
def test_r72_the_agency_reports_the_signed_results_to_the_bureau():
    session = closed(experts=9, applications=1)
    with pytest.raises(DomainError):
        services.report_results(session, by=agency_of(session))
    _sign_all(session)

    with pytest.raises(services.BallotError, match="只有本评委会的评审服务机构"):
        services.report_results(session, by=other_agency_staff())
    services.report_results(session, by=agency_of(session))

    session.refresh_from_db()
    assert session.status == SessionStatus.REPORTED
    assert entries(session)[0].application.status == Status.PASSED
