import pytest

from zhicheng.applications.models import Status
from zhicheng.audit.services import history_for
from zhicheng.ballots import services, tally
from zhicheng.ballots.models import Choice, VoteResult
from zhicheng.evaluations.lifecycle import SessionMoveNotAllowed
from zhicheng.evaluations.models import Conflict, ConflictSource, SessionStatus

from .factories import approve_all, cast_all, entries, presider, seats, voting


@pytest.mark.parametrize(
    ("attending", "passing", "failing"),
    [(25, 17, 16), (17, 12, 11), (11, 8, 7), (9, 6, 5), (8, 6, 5)],
)
@pytest.mark.django_db
def test_r69_two_thirds_of_the_attending_experts_pass_in_exact_arithmetic(attending, passing, failing):
    session = voting(experts=attending, applications=2)
    first, second = entries(session)
    approvals = {first.pk: passing, second.pk: failing}
    cast_all(session, lambda i, e: Choice.APPROVE if i < approvals[e.pk] else Choice.DISAPPROVE)

    services.close_voting(session, by=presider(session))

    passed, failed = VoteResult.objects.get(entry=first), VoteResult.objects.get(entry=second)
    assert (passed.approvals, passed.attending, passed.passed) == (passing, attending, True)
    assert (failed.approvals, failed.attending, failed.passed) == (failing, attending, False)
    assert (passed.rule_numerator, passed.rule_denominator) == (2, 3)
    first.application.refresh_from_db()
    second.application.refresh_from_db()
    assert first.application.status == Status.PASSED
    assert second.application.status == Status.FAILED


@pytest.mark.parametrize(
    ("approvals", "attending", "passes"),
    [(12, 17, True), (11, 17, False), (6, 8, True), (5, 8, False), (6, 9, True), (0, 0, False)],
)
def test_r69_pass_rule_arithmetic(approvals, attending, passes):
    assert tally.passes(approvals, attending, tally.Rule(2, 3)) is passes


@pytest.mark.django_db
def test_r69_a_recused_expert_does_not_count_as_attending_for_that_applicant():
    session = voting(experts=11, applications=2)
    first, second = entries(session)
    recused_seat = seats(session)[10]
    Conflict.objects.create(
        session=session, expert=recused_seat.expert, entry=first, source=ConflictSource.SAME_UNIT, reason="同一单位"
    )
    # 7 approvals: 7 of 10 passes (21 ≥ 20), 7 of 11 would not (21 < 22).
    cast_all(session, lambda i, e: Choice.APPROVE if i < 7 else Choice.ABSTAIN)

    services.close_voting(session, by=presider(session))

    on_first, on_second = VoteResult.objects.get(entry=first), VoteResult.objects.get(entry=second)
    assert (on_first.attending, on_first.recused, on_first.abstentions, on_first.passed) == (10, 1, 3, True)
    assert (on_second.attending, on_second.recused, on_second.abstentions, on_second.passed) == (11, 0, 4, False)
    assert "回避1人" in history_for(first.application).last().reason


@pytest.mark.django_db
def test_r69_the_result_records_the_rule_of_the_plan():
    session = voting(experts=9, applications=1)
    session.plan.pass_numerator, session.plan.pass_denominator = 3, 4
    session.plan.save()
    cast_all(session, lambda i, e: Choice.APPROVE if i < 6 else Choice.DISAPPROVE)  # 6 of 9: 2/3 yes, 3/4 no

    services.close_voting(session, by=presider(session))

    result = VoteResult.objects.get()
    assert (result.rule_numerator, result.rule_denominator, result.passed) == (3, 4, False)
    assert result.rule_label == "同意票达到出席专家（不含回避）的3/4及以上"


@pytest.mark.django_db
def test_r70_closing_with_missing_voters_needs_confirmation_and_they_have_no_ballot():
    session = voting(experts=9, applications=1)
    for seat in seats(session)[:7]:
        services.cast_ballots(seat, {entries(session)[0].pk: Choice.APPROVE}, by=seat.expert.user)

    with pytest.raises(services.BallotError, match="尚有2位出席专家未投票"):
        services.close_voting(session, by=presider(session))
    session.refresh_from_db()
    assert session.status == SessionStatus.VOTING

    services.close_voting(session, by=presider(session), confirmed=True)

    result = VoteResult.objects.get()
    assert (result.approvals, result.disapprovals + result.abstentions, result.attending) == (7, 0, 9)
    assert result.passed  # 21 ≥ 18


@pytest.mark.django_db
def test_r71_only_the_presiding_expert_opens_and_closes_the_vote():
    session = voting(experts=9, applications=1)
    member = seats(session)[5].expert.user
    cast_all(session, approve_all)

    with pytest.raises(services.BallotError, match="只有主持会议"):
        services.close_voting(session, by=member)

    services.close_voting(session, by=presider(session))
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert session.minutes.closed_at is not None
    with pytest.raises(SessionMoveNotAllowed, match="不能执行"):
        services.close_voting(session, by=presider(session))
    assert VoteResult.objects.count() == 1
