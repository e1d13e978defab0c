from collections import Counter

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.ballots import receipts, selectors, services
from zhicheng.ballots.models import Ballot, Choice, ReceiptCommitment, SealedSheet, VoteResult
from zhicheng.evaluations.models import Conflict, ConflictSource, SessionStatus
from zhicheng.evaluations.tests.factories import session_with_roster

from .factories import agency_of, attend, cast_all, entries, opened_meeting, presider, seats, voting


def _sheet(session, choice=Choice.APPROVE):
    return {e.pk: choice for e in entries(session)}


def cast_all_but(session, voted):
    for seat in seats(session):
        if seat.attended and seat != voted:
            services.cast_ballots(seat, _sheet(session), by=seat.expert.user)


@pytest.mark.django_db
def test_r70_an_attending_expert_casts_one_ballot_per_applicant_and_gets_a_receipt():
    session = voting(experts=11, applications=3)
    seat = seats(session)[4]
    choices = dict(
        zip([e.pk for e in entries(session)], [Choice.APPROVE, Choice.DISAPPROVE, Choice.ABSTAIN], strict=True)
    )

    code = services.cast_ballots(seat, choices, by=seat.expert.user)

    seat.refresh_from_db()
    assert seat.has_voted
    assert len(code.replace("-", "")) == 20
    assert SealedSheet.objects.filter(session=session).count() == 1
    assert not Ballot.objects.exists()  # sealed until voting closes
    assert receipts.check(session, code.lower()) == receipts.ReceiptCheck(recorded=True, counted=False)

    cast_all_but(session, seat)
    services.close_voting(session, by=presider(session))

    assert not SealedSheet.objects.exists()
    counts = Counter(Ballot.objects.filter(entry__session=session).values_list("entry_id", "choice"))
    assert all(counts[entry_id, choice] >= 1 for entry_id, choice in choices.items())
    assert receipts.check(session, code) == receipts.ReceiptCheck(recorded=True, counted=True)


@pytest.mark.django_db
def test_r70_an_absent_expert_cannot_vote():
    session = session_with_roster(experts=11, applications=2)
    attend(session, 10)
    services.open_meeting(session, by=agency_of(session))
    session.refresh_from_db()
    services.open_voting(session, by=presider(session))
    absent = seats(session)[-1]
    assert absent.attended is False

    with pytest.raises(services.BallotError, match="未出席评审会议的专家不能投票") as exc:
        services.cast_ballots(absent, _sheet(session), by=absent.expert.user)

    assert exc.value.rule == "R-70"
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_r70_a_second_ballot_is_refused():
    session = voting(experts=11, applications=2)
    seat = seats(session)[3]
    services.cast_ballots(seat, _sheet(session), by=seat.expert.user)

    with pytest.raises(services.BallotError, match="只能投票一次"):
        services.cast_ballots(seat, _sheet(session, Choice.DISAPPROVE), by=seat.expert.user)

    assert SealedSheet.objects.count() == 1
    services.close_voting(session, by=presider(session), confirmed=True)
    assert Ballot.objects.count() == 2
    assert not Ballot.objects.filter(choice=Choice.DISAPPROVE).exists()


@pytest.mark.django_db
def test_r70_no_proxy_vote_even_by_another_attending_expert():
    session = voting(experts=11, applications=2)
    voter, proxy = seats(session)[3], seats(session)[4]

    with pytest.raises(services.BallotError, match="不得委托他人代为投票"):
        services.cast_ballots(voter, _sheet(session), by=proxy.expert.user)
    with pytest.raises(services.BallotError, match="不得委托他人代为投票"):
        services.cast_ballots(voter, _sheet(session), by=agency_of(session))

    voter.refresh_from_db()
    assert not voter.has_voted
    assert not SealedSheet.objects.exists()


@pytest.mark.django_db
def test_r70_no_ballot_before_voting_opens_or_after_it_closes():
    session = opened_meeting(experts=11, applications=2)
    seat = seats(session)[5]
    with pytest.raises(services.BallotError, match="不在投票时间内"):
        services.cast_ballots(seat, _sheet(session), by=seat.expert.user)

    services.open_voting(session, by=presider(session))
    services.close_voting(session, by=presider(session), confirmed=True)

    with pytest.raises(services.BallotError, match="不能投票或补投"):
        services.cast_ballots(seat, _sheet(session), by=seat.expert.user)
    assert not Ballot.objects.exists()
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED


@pytest.mark.django_db
def test_r70_the_sheet_covers_every_applicant_at_once_with_a_valid_choice():
    session = voting(experts=11, applications=3)
    seat = seats(session)[2]
    first, *_rest = entries(session)
    user = seat.expert.user

    with pytest.raises(services.BallotError, match="尚有2名未选择"):
        services.cast_ballots(seat, {first.pk: Choice.APPROVE}, by=user)
    with pytest.raises(services.BallotError, match="不属于本次评审会"):
        services.cast_ballots(seat, _sheet(session) | {first.pk + 1000: Choice.APPROVE}, by=user)
    with pytest.raises(services.BallotError, match="同意、不同意或弃权"):
        services.cast_ballots(seat, _sheet(session) | {first.pk: "maybe"}, by=user)

    seat.refresh_from_db()
    assert not seat.has_voted
    assert not SealedSheet.objects.exists()


@pytest.mark.django_db
def test_r64_a_recused_expert_does_not_see_or_vote_on_that_applicant():
    session = voting(experts=11, applications=3)
    seat = seats(session)[6]
    recused = entries(session)[1]
    Conflict.objects.create(
        session=session, expert=seat.expert, entry=recused, source=ConflictSource.EXPERT_DECLARED, reason="近亲属"
    )

    assert recused not in selectors.ballot_sheet(seat)
    with pytest.raises(services.BallotError, match="回避") as exc:
        services.cast_ballots(seat, _sheet(session), by=seat.expert.user)
    assert exc.value.rule == "R-64"

    services.cast_ballots(seat, {e.pk: Choice.APPROVE for e in entries(session) if e != recused}, by=seat.expert.user)
    services.close_voting(session, by=presider(session), confirmed=True)
    assert not Ballot.objects.filter(entry=recused).exists()
    assert Ballot.objects.count() == 2


@pytest.mark.django_db
def test_casting_is_audited_as_a_fact_without_the_choice():
    session = voting(experts=11, applications=2)
    cast_all(session, lambda i, e: Choice.DISAPPROVE if i % 2 else Choice.APPROVE)

    events = AuditEvent.objects.filter(action="cast_ballot")
    assert events.count() == 11
    for event in events:
        text = f"{event.reason} {event.data} {event.from_state} {event.to_state}"
        assert event.data == {}
        assert not any(word in text for word in ("approve", "disapprove", "abstain", "同意", "弃权"))


@pytest.mark.django_db
def test_closing_opens_every_sealed_sheet_into_ballots_and_commitments():
    session = voting(experts=11, applications=2)
    cast_all(session, lambda i, e: Choice.DISAPPROVE if i < 4 else Choice.APPROVE)
    assert SealedSheet.objects.count() == 11
    assert not Ballot.objects.exists()

    services.close_voting(session, by=presider(session))

    assert not SealedSheet.objects.exists()
    assert Counter(Ballot.objects.values_list("choice", flat=True)) == {Choice.APPROVE: 14, Choice.DISAPPROVE: 8}
    assert ReceiptCommitment.objects.count() == 22
    assert [(r.approvals, r.disapprovals) for r in VoteResult.objects.order_by("entry")] == [(7, 4), (7, 4)]
