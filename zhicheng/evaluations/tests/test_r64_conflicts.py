"""Experts with an interest in an applicant withdraw (R-64): excluded before the draw, recused after it."""

import pytest
from django.urls import reverse

from zhicheng.audit.services import history_for
from zhicheng.core.errors import DomainError
from zhicheng.evaluations import selectors, services
from zhicheng.evaluations.models import ConflictSource, DrawKind, SeatStatus
from zhicheng.evaluations.tests.conftest import BASE_URL
from zhicheng.experts.tests.factories import ExpertWithAccountFactory


def test_r64_expert_of_an_applicants_unit_is_excluded_with_the_reason(
    requested, bureau, committee, applications, client
):
    colleague = ExpertWithAccountFactory(series=committee.series, unit=applications[1].unit, name="同事专家")

    draw = services.draw_experts(requested, by=bureau, base_url=BASE_URL)

    assert colleague.pk in draw.pool
    assert colleague.pk not in draw.result
    assert {"expert_id": colleague.pk, "reason": "与申报人同一单位（申报人：李晓红）"} in draw.exclusions
    client.force_login(bureau)
    page = client.get(reverse("evaluations:session", args=[requested.pk])).content.decode()
    assert "同事专家：与申报人同一单位（申报人：李晓红）" in page


def test_r64_conflict_recorded_before_the_draw_excludes_the_expert(session, agency, bureau, pool):
    entry = session.entries.first()
    for expert in pool[:7]:
        services.record_conflict(session, by=agency, expert=expert, entry=entry, reason="师生关系")
    services.request_draw(session, by=agency)

    draw = services.draw_experts(session, by=bureau, base_url=BASE_URL)

    assert set(draw.result) == {e.pk for e in pool[7:]}
    reason = next(x["reason"] for x in draw.exclusions if x["expert_id"] == pool[0].pk)
    assert reason == f"评审机构通知回避：师生关系（申报人：{entry.application.applicant.real_name}）"


def test_r64_declared_conflict_recuses_the_expert_for_that_applicant_only(confirmed):
    seat = confirmed.seats.select_related("expert__user").first()
    first, second, _ = confirmed.entries.all()

    conflict = services.declare_conflict(seat, by=seat.expert.user, entry=first, reason="配偶的同事")

    assert conflict.source == ConflictSource.EXPERT_DECLARED
    assert selectors.recused_entry_ids(seat) == {first.pk}
    assert second.pk not in selectors.recused_entry_ids(seat)
    seat.refresh_from_db()
    assert seat.status == SeatStatus.ACCEPTED
    assert seat in selectors.sitting_seats(confirmed)
    assert [e.action for e in history_for(conflict)] == ["expert_declared"]


def test_r64_agency_records_a_conflict_for_a_seated_expert(confirmed, agency):
    seat = confirmed.seats.first()
    entry = confirmed.entries.last()

    services.record_conflict(confirmed, by=agency, expert=seat.expert, entry=entry, reason="亲属关系")

    assert selectors.recused_entry_ids(seat) == {entry.pk}


def test_r64_after_the_draw_the_agency_records_only_for_drawn_experts(confirmed, agency, pool):
    stranger = next(e for e in pool if not confirmed.seats.filter(expert=e).exists())

    with pytest.raises(DomainError, match="不在本评审会的专家名单"):
        services.record_conflict(confirmed, by=agency, expert=stranger, entry=confirmed.entries.first(), reason="x")


def test_r64_same_conflict_twice_is_refused(confirmed):
    seat = confirmed.seats.select_related("expert__user").first()
    entry = confirmed.entries.first()
    services.declare_conflict(seat, by=seat.expert.user, entry=entry, reason="同学")

    with pytest.raises(DomainError, match="已记录"):
        services.declare_conflict(seat, by=seat.expert.user, entry=entry, reason="同学")


def test_r64_invited_expert_cannot_declare_before_accepting(drawn):
    seat = drawn.seats.select_related("expert__user").first()

    with pytest.raises(DomainError, match="确认参加评审后"):
        services.declare_conflict(seat, by=seat.expert.user, entry=drawn.entries.first(), reason="同学")


def test_r64_conflict_needs_a_reason(confirmed):
    seat = confirmed.seats.select_related("expert__user").first()

    with pytest.raises(DomainError, match="回避原因"):
        services.declare_conflict(seat, by=seat.expert.user, entry=confirmed.entries.first(), reason="  ")
    assert not confirmed.conflicts.exists()


def test_r64_expert_cannot_declare_for_someone_elses_seat(confirmed):
    mine, theirs = confirmed.seats.select_related("expert__user")[:2]

    with pytest.raises(DomainError, match="本人"):
        services.declare_conflict(theirs, by=mine.expert.user, entry=confirmed.entries.first(), reason="同学")


def test_r64_withdrawn_expert_is_replaced_by_a_new_draw(confirmed, agency, pool):
    seat = confirmed.seats.first()

    replacement = services.withdraw_seat(seat, by=agency, reason="与多名申报人有合作关系", base_url=BASE_URL)

    seat.refresh_from_db()
    assert seat.status == SeatStatus.WITHDRAWN
    assert seat.response_note == "与多名申报人有合作关系"
    assert replacement.kind == DrawKind.REPLACEMENT
    assert replacement.number == 1
    assert replacement.drawn_by is None
    assert seat.expert_id not in replacement.result
    assert {"expert_id": seat.expert_id, "reason": "已从本次评审会回避"} in replacement.exclusions
    new_seat = confirmed.seats.get(draw=replacement)
    assert new_seat.status == SeatStatus.INVITED
    assert [e.action for e in history_for(seat)][-1] == "withdraw_seat"


def test_r64_withdrawal_needs_a_reason_and_the_agency(confirmed, agency, bureau):
    seat = confirmed.seats.first()

    with pytest.raises(DomainError, match="回避原因"):
        services.withdraw_seat(seat, by=agency, reason="", base_url=BASE_URL)
    with pytest.raises(DomainError, match="评审服务机构"):
        services.withdraw_seat(seat, by=bureau, reason="利害关系", base_url=BASE_URL)
    seat.refresh_from_db()
    assert seat.status == SeatStatus.ACCEPTED
    assert confirmed.draws.count() == 1
