"""Arrangements for evaluation tests: paid applications, and a session whose roster is already filed.

These build rows directly so that panel and ballot tests start where the draw ends; the draw
itself is exercised through its services in the evaluations tests.
"""

import datetime
import random

from django.utils import timezone

from zhicheng.accounts.identity import check_digit
from zhicheng.accounts.models import IdType, Role
from zhicheng.accounts.tests.factories import ApplicantFactory, UserFactory
from zhicheng.applications.models import Application, Status
from zhicheng.applications.tests.factories import ApplicationFactory
from zhicheng.catalog.models import Committee, Level, Plan
from zhicheng.catalog.tests.factories import CommitteeFactory, open_year
from zhicheng.evaluations.models import (
    Draw,
    EvaluationSession,
    SeatRole,
    SeatStatus,
    SessionApplication,
    SessionStatus,
)
from zhicheng.experts.tests.factories import ExpertWithAccountFactory

_rng = random.Random(20241122)  # noqa: S311  test data, not secrets


def unique_id_number() -> str:
    """A valid GB 11643 number that no other test persona uses."""
    first17 = f"110105{_rng.randint(1960, 1999)}0{_rng.randint(1, 9)}1{_rng.randint(0, 8)}{_rng.randint(100, 999)}"
    return first17 + check_digit(first17)


def paid_application(
    committee: Committee, plan: Plan, *, level: str = Level.INTERMEDIATE, **kwargs: object
) -> Application:
    """An application that has been approved and paid, waiting for the committee (R-52)."""
    applicant = ApplicantFactory(real_name=kwargs.pop("name", "张三"))
    applicant.set_id_number(IdType.MAINLAND, unique_id_number())
    applicant.save()
    return ApplicationFactory(
        applicant=applicant, committee=committee, plan=plan, level=level, status=Status.PAID, **kwargs
    )


def agency_staff(committee: Committee) -> object:
    return UserFactory(role=Role.AGENCY, organization=committee.agency, real_name="评审机构经办人")


def bureau_staff() -> object:
    return UserFactory(role=Role.BUREAU, real_name="市局工作人员")


def session_with_roster(
    *, experts: int = 11, applications: int = 3, committee: Committee | None = None, level: str = Level.INTERMEDIATE
) -> EvaluationSession:
    """A session in ROSTER_FILED with `experts` accepted seats (1 chair, 1 vice chair) and paid applications."""
    committee = committee or CommitteeFactory(filed_experts=experts)
    plan = open_year(committee)
    agency = agency_staff(committee)
    session = EvaluationSession.objects.create(
        plan=plan,
        committee=committee,
        name=f"{committee.name}{plan.year}年度评审会",
        meeting_on=timezone.localdate() + datetime.timedelta(days=7),
        place="北京市海淀区评审中心3层会议室",
        experts_requested=experts,
        status=SessionStatus.ROSTER_FILED,
        created_by=agency,
    )
    pool = [ExpertWithAccountFactory(series=committee.series) for _ in range(experts)]
    draw = Draw.objects.create(
        session=session,
        number=experts,
        pool=[e.pk for e in pool],
        pool_digest="0" * 64,
        exclusions_digest="0" * 64,
        seed_commitment="0" * 64,
        seed="1" * 64,
        result=[e.pk for e in pool],
        drawn_by=bureau_staff(),
    )
    for i, expert in enumerate(pool):
        role = SeatRole.CHAIR if i == 0 else SeatRole.VICE_CHAIR if i == 1 else SeatRole.MEMBER
        session.seats.create(
            expert=expert, draw=draw, status=SeatStatus.ACCEPTED, role=role, responded_at=timezone.now()
        )
    for n in range(applications):
        SessionApplication.objects.create(
            session=session, application=paid_application(committee, plan, level=level, name=f"申报人{n}")
        )
    return session
