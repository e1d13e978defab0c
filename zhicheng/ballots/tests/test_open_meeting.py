import pytest

from zhicheng.audit.services import history_for
from zhicheng.ballots import services
from zhicheng.ballots.models import Minutes
from zhicheng.evaluations.models import SeatRole, SessionStatus
from zhicheng.evaluations.tests.factories import bureau_staff, session_with_roster

from .factories import agency_of, attend, other_agency_staff, seats


@pytest.mark.parametrize(
    ("committee", "attending", "opens"),
    [(25, 17, True), (25, 16, False), (13, 9, True), (13, 8, False), (11, 8, True), (11, 7, False)],
)
@pytest.mark.django_db
def test_r68_quorum_is_two_thirds_of_the_committee(committee, attending, opens):
    session = session_with_roster(experts=committee, applications=1)
    attend(session, attending)

    if opens:
        minutes = services.open_meeting(session, by=agency_of(session))
        assert minutes.chaired_by.role == SeatRole.CHAIR
    else:
        with pytest.raises(services.BallotError, match=f"出席专家{attending}人，未达到评委会{committee}人的2/3") as exc:
            services.open_meeting(session, by=agency_of(session))
        assert exc.value.rule == "R-68"

    session.refresh_from_db()
    assert session.status == (SessionStatus.MEETING if opens else SessionStatus.ROSTER_FILED)
    assert Minutes.objects.filter(session=session).exists() is opens


@pytest.mark.django_db
def test_r68_the_filed_committee_size_counts_when_the_session_has_one():
    session = session_with_roster(experts=11, applications=1)
    session.committee_size = 13
    session.save()
    attend(session, 8)  # 8 of 11 sitting would do, 8 of 13 does not

    with pytest.raises(services.BallotError, match="评委会13人的2/3（至少9人）"):
        services.open_meeting(session, by=agency_of(session))


@pytest.mark.django_db
def test_r68_a_vice_chair_presides_when_the_chair_is_absent():
    session = session_with_roster(experts=11, applications=1)
    _chair, vice, *members = seats(session)
    services.record_attendance(session, {vice.pk, *(m.pk for m in members)}, by=agency_of(session))

    minutes = services.open_meeting(session, by=agency_of(session))

    assert minutes.chaired_by == vice
    assert minutes.opened_at is not None


@pytest.mark.django_db
def test_r68_no_meeting_without_the_chair_or_a_vice_chair():
    session = session_with_roster(experts=11, applications=1)
    _, _, *members = seats(session)
    services.record_attendance(session, {m.pk for m in members}, by=agency_of(session))

    with pytest.raises(services.BallotError, match="主任委员或副主任委员未出席"):
        services.open_meeting(session, by=agency_of(session))
    session.refresh_from_db()
    assert session.status == SessionStatus.ROSTER_FILED


@pytest.mark.django_db
def test_attendance_must_be_recorded_before_opening():
    session = session_with_roster(experts=11, applications=1)

    with pytest.raises(services.BallotError, match="请先登记"):
        services.open_meeting(session, by=agency_of(session))


@pytest.mark.django_db
def test_attendance_is_fixed_once_the_meeting_opens_and_each_step_is_audited():
    session = session_with_roster(experts=11, applications=1)
    attend(session, 9)
    services.open_meeting(session, by=agency_of(session))

    with pytest.raises(services.BallotError, match="召开前"):
        attend(session, 11)
    with pytest.raises(services.BallotError, match="不能召开评审会议"):
        services.open_meeting(session, by=agency_of(session))

    actions = [e.action for e in history_for(session)]
    assert actions == ["record_attendance", "open_meeting"]
    assert sum(1 for s in seats(session) if s.attended) == 9


@pytest.mark.django_db
def test_only_the_committees_agency_records_attendance_and_opens():
    session = session_with_roster(experts=11, applications=1)

    for outsider in (bureau_staff(), other_agency_staff()):
        with pytest.raises(services.BallotError, match="只有本评委会的评审服务机构"):
            services.record_attendance(session, {s.pk for s in seats(session)}, by=outsider)
    attend(session, 11)
    with pytest.raises(services.BallotError, match="只有本评委会的评审服务机构"):
        services.open_meeting(session, by=other_agency_staff())


@pytest.mark.django_db
def test_attendance_refuses_seats_that_do_not_sit_on_the_session():
    session = session_with_roster(experts=11, applications=1)
    foreign = max(s.pk for s in seats(session)) + 1

    with pytest.raises(services.BallotError, match="不属于本次评审会"):
        services.record_attendance(session, {seats(session)[0].pk, foreign}, by=agency_of(session))
    assert all(s.attended is None for s in seats(session))
