"""Arrangements shared by the agency-review and fees tests: an application waiting at the agency, and its reviewers."""

import datetime

import pytest
from django.utils import timezone

from zhicheng.accounts.models import OrgKind, Role
from zhicheng.accounts.tests.factories import WANG_WU_ID, AgencyFactory, ApplicantFactory, UserFactory
from zhicheng.agency_review import services
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application
from zhicheng.applications.services import submit_application
from zhicheng.applications.tests.factories import complete_application
from zhicheng.catalog.models import Level
from zhicheng.catalog.tests.factories import CommitteeFactory, FeeFactory, open_year
from zhicheng.workdays.models import CalendarYear


def to_agency_review(application: Application) -> Application:
    """Submit, post and recommend: the application waits for the agency."""
    submit_application(application, by=application.applicant)
    hr = UserFactory(role=Role.UNIT_HR, organization=application.unit)
    lifecycle.move(application, "start_posting", by=hr)
    lifecycle.move(application, "recommend", by=hr)
    application.refresh_from_db()
    return application


def approve(application: Application, reviewer, *, days: int = 10):
    """Approve with a payment deadline `days` from today; returns the fee notice."""
    return services.approve_application(
        application, by=reviewer, payment_due_on=timezone.localdate() + datetime.timedelta(days=days)
    )


@pytest.fixture
def calendar(db):
    """Calendar data for this year and the next (the migrations prefill 2024–2026 from the official schedule)."""
    year = timezone.localdate().year
    for y in (year, year + 1):
        CalendarYear.objects.get_or_create(year=y, defaults={"source": "测试日历"})


@pytest.fixture
def committee(db):
    return CommitteeFactory()


@pytest.fixture
def plan(committee):
    return open_year(committee)


@pytest.fixture
def fee(plan, committee):
    return FeeFactory(plan=plan, committee=committee, level=Level.INTERMEDIATE, amount=300)


@pytest.fixture
def reviewer(committee):
    """评审机构审核员 of the committee's agency."""
    return UserFactory(role=Role.AGENCY, organization=committee.agency, real_name="王审核")


@pytest.fixture
def other_reviewer(db):
    """Staff of another agency: must see none of this agency's applications."""
    return UserFactory(role=Role.AGENCY, organization=AgencyFactory(name="北京市其他评审服务中心", kind=OrgKind.AGENCY))


@pytest.fixture
def in_review(zhang_san, plan, committee, calendar):
    return to_agency_review(complete_application(applicant=zhang_san, plan=plan, committee=committee))


@pytest.fixture
def second_in_review(plan, committee, calendar):
    applicant = ApplicantFactory(
        username="wangwu", real_name="王五", identity=WANG_WU_ID, identity__phone="13700002222"
    )
    return to_agency_review(complete_application(applicant=applicant, plan=plan, committee=committee))


API = "/api/v1"
