"""Arrangements for posting tests: a reported session whose passed results the bureau has accepted."""

import datetime
from collections.abc import Iterator

import time_machine
from django.utils import timezone

from zhicheng.accounts.models import Organization, Role, User
from zhicheng.accounts.tests.factories import AgencyFactory, OrganizationFactory, UserFactory
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application, Status
from zhicheng.catalog.models import Level
from zhicheng.evaluations.models import EvaluationSession, SessionStatus
from zhicheng.evaluations.tests.factories import session_with_roster
from zhicheng.postings import services
from zhicheng.postings.models import PostedResult, ResultPosting

# Friday before the 2024 National Day holiday; the next working days are 9/29 (make-up Sunday), 9/30, 10/8, 10/9.
POSTING_DAY = datetime.date(2024, 9, 27)


def at(day: datetime.date, hour: int = 10) -> time_machine.travel:
    """Travel to the day, at the hour in Beijing."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), timezone.get_current_timezone()), tick=False
    )


def bureau_user() -> User:
    return UserFactory(role=Role.BUREAU, real_name="市局工作人员")


def agency_user(session: EvaluationSession) -> User:
    return UserFactory(role=Role.AGENCY, organization=session.committee.agency, real_name="评审机构经办人")


def other_agency_user() -> User:
    return UserFactory(role=Role.AGENCY, organization=AgencyFactory(name="北京市其他评审服务中心"), real_name="外机构")


def unit_hr(unit: Organization) -> User:
    return UserFactory(role=Role.UNIT_HR, organization=unit, real_name="单位人事")


def accepted_session(bureau: User, *, applications: int = 2, levels: tuple[str, ...] = ()) -> EvaluationSession:
    """A reported session whose applications passed and were accepted by the bureau (R-80).

    levels gives the level of the first applications (the others stay intermediate).
    """
    session = session_with_roster(experts=3, applications=applications)
    EvaluationSession.objects.filter(pk=session.pk).update(status=SessionStatus.REPORTED)
    for n, entry in enumerate(session.entries.select_related("application").order_by("id")):
        application = entry.application
        level = levels[n] if n < len(levels) else Level.INTERMEDIATE
        # The vote is arranged, not run: the ballots tests cover it.
        Application.objects.filter(pk=application.pk).update(status=Status.PASSED, level=level)
        application.status, application.level = Status.PASSED, level
        lifecycle.move(application, "accept_result", by=bureau)
    session.refresh_from_db()
    return session


def applications(session: EvaluationSession) -> list[Application]:
    return list(Application.objects.filter(evaluation__session=session).order_by("id"))


def posted(session: EvaluationSession, bureau: User, starts_on: datetime.date = POSTING_DAY) -> list[ResultPosting]:
    return services.post_results(session, by=bureau, starts_on=starts_on)


def results(posting: ResultPosting) -> Iterator[PostedResult]:
    return iter(posting.results.select_related("application__applicant").order_by("id"))


def central_unit() -> Organization:
    return OrganizationFactory(name="中国测试研究院", needs_entrustment=True)
