"""The system's acceptance checks of a reported session (R-80) and what a failing one blocks."""

import datetime

import pytest
from django.db.models import F

from zhicheng.acceptance import services
from zhicheng.acceptance.models import AcceptanceStatus
from zhicheng.applications.models import Application, Status
from zhicheng.ballots.models import Signature, VoteResult
from zhicheng.ballots.tests.factories import entries
from zhicheng.catalog.models import Level
from zhicheng.catalog.tests.factories import SeriesFactory, SpecialtyFactory
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.models import Draw
from zhicheng.evaluations.tests.factories import bureau_staff

from .factories import applications, checks_by_code, reported

pytestmark = pytest.mark.django_db


def test_r80_a_clean_reported_session_passes_every_check_and_is_accepted():
    session = reported()
    bureau = bureau_staff()

    acceptance = services.run_checks(session, by=bureau)
    assert [(c["code"], c["ok"]) for c in acceptance.checks] == [
        ("scope", True),
        ("quorum", True),
        ("pass_rule", True),
        ("draw", True),
        ("minutes", True),
        ("quota", True),
    ]
    services.accept_session(session, by=bureau, note="材料齐全，程序规范")

    acceptance.refresh_from_db()
    assert acceptance.status == AcceptanceStatus.ACCEPTED
    assert acceptance.decided_by == bureau
    assert acceptance.note == "材料齐全，程序规范"
    assert {a.status for a in applications(session)} == {Status.ACCEPTED}
    with pytest.raises(DomainError, match="已验收"):
        services.accept_session(session, by=bureau)


def test_r80_a_tampered_vote_result_fails_the_pass_rule_check_and_blocks_the_session():
    session = reported()
    first = entries(session)[0]
    # 4 of 5 still reaches 2/3: only the fresh count of the ballots shows the change.
    VoteResult.objects.filter(entry=first).update(approvals=F("approvals") - 1, disapprovals=F("disapprovals") + 1)

    check = checks_by_code(session)["pass_rule"]

    assert not check.ok
    assert check.entries == [first.pk]
    assert "与选票重新计票（同意5、不同意0、弃权0）不符" in check.detail
    with pytest.raises(DomainError, match="整场评审会不能验收"):
        services.accept_session(session, by=bureau_staff())
    assert {a.status for a in applications(session)} == {Status.PASSED}


def test_r80_a_result_whose_conclusion_contradicts_its_rule_fails_the_pass_rule_check():
    session = reported()
    first = entries(session)[0]
    VoteResult.objects.filter(entry=first).update(passed=False)

    check = checks_by_code(session)["pass_rule"]

    assert not check.ok
    assert "结论“未通过”与通过比例不符" in check.detail


def test_r80_a_tampered_draw_record_fails_the_draw_check():
    session = reported()
    draw = Draw.objects.get(session=session)
    Draw.objects.filter(pk=draw.pk).update(result=list(reversed(draw.result)))

    check = checks_by_code(session)["draw"]

    assert not check.ok
    assert "重新计算的抽取结果与记录的结果不符" in check.detail
    assert "审计日志中公布的种子和结果不符" in check.detail
    with pytest.raises(DomainError, match="专家抽取记录"):
        services.accept_session(session, by=bureau_staff())


def test_r80_unsigned_minutes_fail_the_minutes_check():
    session = reported()
    signature = Signature.objects.filter(minutes__session=session).select_related("seat__expert").last()
    signature.delete()

    check = checks_by_code(session)["minutes"]

    assert not check.ok
    assert f"出席专家未签署：{signature.seat.expert.name}" in check.detail
    with pytest.raises(DomainError, match="会议纪要"):
        services.accept_session(session, by=bureau_staff())


def test_r80_minutes_changed_after_signing_fail_the_minutes_check():
    session = reported()
    session.minutes.summary = "签署后改写的摘要"
    session.minutes.save(update_fields=["summary"])

    check = checks_by_code(session)["minutes"]

    assert not check.ok
    assert "纪要内容与归档时的摘要不符" in check.detail


def test_r80_too_few_attending_experts_fail_the_quorum_check():
    session = reported()
    absent = session.seats.filter(attended=True).order_by("-id")[:2]
    session.seats.filter(pk__in=[s.pk for s in absent]).update(attended=False)

    check = checks_by_code(session)["quorum"]

    assert not check.ok
    assert check.detail == "评委会5人，出席3人，要求不少于2/3（4人）"


def test_r80_a_passed_level_outside_the_committee_fails_the_scope_check():
    session = reported()
    first = entries(session)[0]
    Application.objects.filter(pk=first.application_id).update(level=Level.SENIOR_FULL)

    check = checks_by_code(session)["scope"]

    assert not check.ok
    assert check.entries == [first.pk]
    assert "申报级别“正高级”不在评委会评审范围内" in check.detail


def test_r80_a_committee_unfiled_on_the_meeting_day_names_every_passed_entry():
    session = reported()
    session.committee.expires_on = session.meeting_on - datetime.timedelta(days=1)
    session.committee.save(update_fields=["expires_on"])

    check = checks_by_code(session)["scope"]

    assert not check.ok
    assert check.entries == [e.pk for e in entries(session)]
    assert "评委会在评审会议当日不在核准备案有效期内" in check.detail


def test_r80_a_passed_applicant_of_another_series_blocks_acceptance_until_corrected():
    session = reported()
    first = entries(session)[0]
    health = SpecialtyFactory(series=SeriesFactory(code="health", name="卫生"), code="nursing", name="护理")
    Application.objects.filter(pk=first.application_id).update(specialty=health)
    bureau = bureau_staff()

    check = checks_by_code(session)["scope"]
    assert check.entries == [first.pk]
    assert "申报系列与评委会系列不符" in check.detail
    with pytest.raises(DomainError, match="请先纠正以下申报"):
        services.accept_session(session, by=bureau)

    services.correct_result(first, by=bureau, reason="申报系列与评委会不符，超出评审范围")
    services.accept_session(session, by=bureau)

    assert [a.status for a in applications(session)] == [Status.FAILED, Status.ACCEPTED, Status.ACCEPTED]
