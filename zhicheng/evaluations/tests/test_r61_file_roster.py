"""The agency assigns the roles and files the roster with the bureau (R-61, R-63)."""

import pytest

from zhicheng.audit.services import history_for
from zhicheng.core.errors import DomainError
from zhicheng.evaluations import services
from zhicheng.evaluations.models import SeatRole, SeatStatus, SessionStatus
from zhicheng.evaluations.tests.conftest import BASE_URL, accept_all


def _seat_ids(session):
    return list(session.seats.filter(status=SeatStatus.ACCEPTED).values_list("pk", flat=True))


def test_r61_roster_with_one_chair_and_two_vice_chairs_is_filed(confirmed, agency):
    chair, vice1, vice2, *_ = _seat_ids(confirmed)

    services.file_roster(confirmed, by=agency, chair=chair, vice_chairs=[vice1, vice2])

    confirmed.refresh_from_db()
    assert confirmed.status == SessionStatus.ROSTER_FILED
    assert confirmed.committee_size == 5
    roles = dict(confirmed.seats.values_list("pk", "role"))
    assert roles[chair] == SeatRole.CHAIR
    assert [roles[vice1], roles[vice2]] == [SeatRole.VICE_CHAIR] * 2
    assert sorted(roles.values()).count(SeatRole.MEMBER) == 2
    assert [e.action for e in history_for(confirmed)][-2:] == ["assign_roles", "file_roster"]


def test_r61_even_roster_is_refused_with_the_reasons(confirmed, agency):
    drawn = confirmed
    services.withdraw_seat(drawn.seats.first(), by=agency, reason="利害关系", base_url=BASE_URL)
    while invited := drawn.seats.filter(status=SeatStatus.INVITED).first():  # until the pool of 12 runs out
        services.withdraw_seat(invited, by=agency, reason="联系不上", base_url=BASE_URL)
    accepted = _seat_ids(drawn)
    assert len(accepted) == 4

    with pytest.raises(services.RosterNotFiled) as refused:
        services.file_roster(drawn, by=agency, chair=accepted[0], vice_chairs=[accepted[1]])

    assert refused.value.rule == "R-61"
    assert refused.value.problems == [
        "评委会评审专家人数须为奇数，当前为4人",
        "评审专家不得少于经备案的5人，当前为4人",
    ]
    drawn.refresh_from_db()
    assert drawn.status == SessionStatus.CONFIRMING
    assert drawn.committee_size is None


@pytest.mark.parametrize("vice", [0, 4])
def test_r61_one_to_three_vice_chairs(drawn, agency, pool, vice):
    accept_all(drawn)
    chair, *others = _seat_ids(drawn)

    with pytest.raises(services.RosterNotFiled, match=f"副主任委员须为1至3名，当前为{vice}名"):
        services.file_roster(drawn, by=agency, chair=chair, vice_chairs=others[:vice])

    assert set(drawn.seats.values_list("role", flat=True)) == {SeatRole.MEMBER}


def test_r61_chair_cannot_also_be_vice_chair(confirmed, agency):
    chair, vice, *_ = _seat_ids(confirmed)

    with pytest.raises(DomainError, match="不能同时担任"):
        services.file_roster(confirmed, by=agency, chair=chair, vice_chairs=[chair, vice])


def test_r63_roster_waits_for_every_invited_expert(drawn, agency):
    seats = list(drawn.seats.select_related("expert__user"))
    for seat in seats[:4]:
        services.respond_to_invitation(seat, by=seat.expert.user, accept=True, base_url=BASE_URL)

    with pytest.raises(DomainError, match="尚有1名专家未答复"):
        services.file_roster(drawn, by=agency, chair=seats[0].pk, vice_chairs=[seats[1].pk])


def test_r63_roles_go_to_accepted_experts_only(drawn, agency):
    seats = list(drawn.seats.select_related("expert__user"))
    accept_all(drawn)
    declined = services.withdraw_seat(seats[4], by=agency, reason="利害关系", base_url=BASE_URL)
    replacement = drawn.seats.get(draw=declined)
    services.respond_to_invitation(replacement, by=replacement.expert.user, accept=True, base_url=BASE_URL)

    with pytest.raises(DomainError, match="已确认参加的专家中指定"):
        services.file_roster(drawn, by=agency, chair=seats[4].pk, vice_chairs=[seats[1].pk])


def test_filing_before_confirmation_is_refused(requested, agency):
    with pytest.raises(DomainError, match="不能报备专家名单"):
        services.file_roster(requested, by=agency, chair=1, vice_chairs=[2])


def test_bureau_cannot_file_the_agencys_roster(confirmed, bureau):
    chair, vice, *_ = _seat_ids(confirmed)

    with pytest.raises(DomainError, match="评审服务机构"):
        services.file_roster(confirmed, by=bureau, chair=chair, vice_chairs=[vice])
