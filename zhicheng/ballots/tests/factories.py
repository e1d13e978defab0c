"""Arrangements for ballot tests: a meeting opened with a given attendance, ballots cast by many experts."""

from collections.abc import Callable

from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.tests.factories import AgencyFactory, UserFactory
from zhicheng.applications.models import Application
from zhicheng.ballots import ballot_box, receipts, services
from zhicheng.ballots.models import Ballot, Choice
from zhicheng.evaluations.models import EvaluationSession, Seat, SeatStatus, SessionApplication
from zhicheng.evaluations.tests.factories import session_with_roster
from zhicheng.panels.models import DefenseAttendance, DefenseSlot, Panel, PanelMember, PanelOpinion, Recommendation

PASSWORD = "Zc-test-2024!"  # UserFactory's password


def agency_of(session: EvaluationSession) -> User:
    return session.created_by


def other_agency_staff() -> User:
    """Staff of another review agency: an outsider to the session."""
    return UserFactory(role=Role.AGENCY, organization=AgencyFactory(name="北京市其他评审服务中心"), real_name="外机构")


def seats(session: EvaluationSession) -> list[Seat]:
    return list(session.seats.filter(status=SeatStatus.ACCEPTED).select_related("expert__user").order_by("id"))


def entries(session: EvaluationSession) -> list[SessionApplication]:
    return list(session.entries.select_related("application__applicant").order_by("id"))


def attend(session: EvaluationSession, attending: int) -> list[Seat]:
    """The first `attending` seats (chair and vice chair first) attend, the others are absent."""
    sitting = seats(session)
    services.record_attendance(session, {s.pk for s in sitting[:attending]}, by=agency_of(session))
    return [s for s in seats(session) if s.attended]


def opened_meeting(*, experts: int = 11, attending: int | None = None, applications: int = 3) -> EvaluationSession:
    session = session_with_roster(experts=experts, applications=applications)
    attend(session, experts if attending is None else attending)
    services.open_meeting(session, by=agency_of(session))
    session.refresh_from_db()
    return session


def presider(session: EvaluationSession) -> User:
    return session.minutes.chaired_by.expert.user


def voting(**kwargs: int) -> EvaluationSession:
    session = opened_meeting(**kwargs)
    services.open_voting(session, by=presider(session))
    session.refresh_from_db()
    return session


def cast_all(session: EvaluationSession, choose: Callable[[int, SessionApplication], str]) -> list[str]:
    """Every attending expert votes; choose(voter_index, entry) gives the choice. Returns the receipt codes."""
    codes = []
    recused = {(c.expert_id, c.entry_id) for c in session.conflicts.all()}
    for i, seat in enumerate(s for s in seats(session) if s.attended):
        choices = {e.pk: choose(i, e) for e in entries(session) if (seat.expert_id, e.pk) not in recused}
        codes.append(services.cast_ballots(seat, choices, by=seat.expert.user))
    return codes


def approve_all(_: int, __: SessionApplication) -> str:
    return Choice.APPROVE


def closed(**kwargs: int) -> EvaluationSession:
    """A session whose every attending expert approved every applicant, closed by the presider."""
    session = voting(**kwargs)
    cast_all(session, approve_all)
    services.close_voting(session, by=presider(session))
    session.refresh_from_db()
    return session


def bulk_entries(session: EvaluationSession, count: int) -> list[SessionApplication]:
    """`count` more paid applications before the session, bulk-created like its first one; returns every entry."""
    template = session.entries.select_related("application").first().application
    users = User.objects.bulk_create(
        [User(username=f"bulk-applicant-{n}", role=Role.APPLICANT, real_name=f"批量申报人{n}") for n in range(count)]
    )
    fields = [f.attname for f in Application._meta.concrete_fields if not f.primary_key and f.attname != "applicant_id"]
    applications = Application.objects.bulk_create(
        [Application(applicant_id=u.pk, **{name: getattr(template, name) for name in fields}) for u in users]
    )
    SessionApplication.objects.bulk_create([SessionApplication(session=session, application=a) for a in applications])
    return entries(session)


def bulk_ballots(entries_: list[SessionApplication], voters: int, approvals: int) -> None:
    """`voters` counted ballots on each entry, the first `approvals` of them approving."""
    Ballot.objects.bulk_create(
        [
            Ballot(entry=e, choice=Choice.APPROVE if v < approvals else Choice.DISAPPROVE)
            for e in entries_
            for v in range(voters)
        ],
        batch_size=5000,
    )


def bulk_sheets(session: EvaluationSession, entries_: list[SessionApplication], voters: int, approvals: int) -> None:
    """`voters` sealed sheets covering every entry, the first `approvals` of them approving throughout."""
    for v in range(voters):
        choice = Choice.APPROVE if v < approvals else Choice.DISAPPROVE
        ballot_box.seal(session, {e.pk: choice for e in entries_}, receipts.secret_of(f"voter{v}"))


def panel_record(session: EvaluationSession) -> None:
    """A panel opinion on the first applicant; the first defended, the second did not show up."""
    first, second, *_ = entries(session)
    panel = Panel.objects.create(session=session, name="第一评议组", place="评审中心201室")
    member = PanelMember.objects.create(panel=panel, seat=seats(session)[2], is_leader=True)
    PanelOpinion.objects.create(
        entry=first, recommendation=Recommendation.SUPPORT, text="业绩突出，论文质量较高", written_by=member
    )
    for entry, attendance in ((first, DefenseAttendance.ATTENDED), (second, DefenseAttendance.NO_SHOW)):
        DefenseSlot.objects.create(
            entry=entry, panel=panel, starts_at=timezone.now(), place="评审中心201室", attendance=attendance
        )
