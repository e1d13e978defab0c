"""Drawn experts accept or decline; a decline draws a replacement the same auditable way (R-63, R-74)."""

import pytest

from zhicheng.audit.services import history_for
from zhicheng.core.errors import DomainError
from zhicheng.evaluations import draw as drawing
from zhicheng.evaluations import services
from zhicheng.evaluations.models import DrawKind, SeatStatus
from zhicheng.evaluations.tests.conftest import BASE_URL
from zhicheng.notifications.models import SmsMessage


def _invited(session):
    return session.seats.select_related("expert__user").filter(status=SeatStatus.INVITED).first()


def test_expert_accepts_the_invitation(drawn):
    seat = _invited(drawn)

    services.respond_to_invitation(seat, by=seat.expert.user, accept=True, base_url=BASE_URL)

    seat.refresh_from_db()
    assert seat.status == SeatStatus.ACCEPTED
    assert seat.responded_at is not None
    assert seat.token_digest is None
    assert [e.action for e in history_for(seat)] == ["accept"]


def test_r74_expert_without_the_confidentiality_agreement_cannot_accept(drawn):
    seat = _invited(drawn)
    seat.expert.confidentiality_signed_at = None
    seat.expert.save()

    with pytest.raises(DomainError, match="保密协议") as refused:
        services.respond_to_invitation(seat, by=seat.expert.user, accept=True, base_url=BASE_URL)

    assert refused.value.rule == "R-74"
    seat.refresh_from_db()
    assert seat.status == SeatStatus.INVITED


def test_r63_decline_draws_a_replacement_automatically(drawn, pool):
    seat = _invited(drawn)

    replacement = services.respond_to_invitation(
        seat, by=seat.expert.user, accept=False, reason="出差", base_url=BASE_URL
    )

    seat.refresh_from_db()
    assert (seat.status, seat.response_note) == (SeatStatus.DECLINED, "出差")
    assert (replacement.kind, replacement.number, replacement.drawn_by) == (DrawKind.REPLACEMENT, 1, None)
    drawn_before = set(drawn.draws.get(kind=DrawKind.INITIAL).result)
    assert not set(replacement.result) & drawn_before
    assert drawing.check_record(drawing.record_of(replacement)).ok
    assert drawing.audit_problems(replacement) == []
    assert [e.action for e in history_for(replacement)] == ["commit_seed", "reveal_seed"]
    new_seat = drawn.seats.get(draw=replacement)
    assert new_seat.status == SeatStatus.INVITED
    assert SmsMessage.objects.filter(template_id="expert_invited", object_id=str(new_seat.pk)).exists()
    assert drawn.seats.filter(status=SeatStatus.INVITED).count() == 5


def test_decline_with_an_empty_pool_is_recorded_and_noted(drawn, pool):
    for _ in range(7):  # every undrawn expert declines in turn, until nobody is left
        seat = _invited(drawn)
        services.respond_to_invitation(seat, by=seat.expert.user, accept=False, base_url=BASE_URL)
    last = _invited(drawn)

    replacement = services.respond_to_invitation(last, by=last.expert.user, accept=False, base_url=BASE_URL)

    assert replacement is None
    assert drawn.seats.count() == 12
    assert history_for(drawn).filter(action="replacement_unavailable").exists()


def test_answering_twice_is_refused(drawn):
    seat = _invited(drawn)
    services.respond_to_invitation(seat, by=seat.expert.user, accept=True, base_url=BASE_URL)

    with pytest.raises(DomainError, match="已答复"):
        services.respond_to_invitation(seat, by=seat.expert.user, accept=False, base_url=BASE_URL)


def test_another_expert_cannot_answer_for_the_seat(drawn):
    mine, theirs = drawn.seats.select_related("expert__user")[:2]

    with pytest.raises(DomainError, match="本人"):
        services.respond_to_invitation(theirs, by=mine.expert.user, accept=False, base_url=BASE_URL)
    theirs.refresh_from_db()
    assert theirs.status == SeatStatus.INVITED


def test_answering_after_the_roster_is_filed_is_refused(requested, bureau):
    services.draw_experts(requested, by=bureau, base_url=BASE_URL)
    seat = _invited(requested)
    requested.status = "roster_filed"
    requested.save()

    with pytest.raises(DomainError, match="专家确认阶段"):
        services.respond_to_invitation(seat, by=seat.expert.user, accept=True, base_url=BASE_URL)
