"""A submitted application of 张三 at his unit, the unit's HR, and the days the unit acts on."""

import pytest
from django.utils import timezone

from zhicheng.accounts.models import OrgKind, Role
from zhicheng.accounts.tests.factories import OrganizationFactory, UserFactory
from zhicheng.applications.services import submit_application
from zhicheng.applications.tests.factories import complete_application
from zhicheng.catalog.tests.factories import CommitteeFactory, open_year
from zhicheng.workdays.models import CalendarYear


@pytest.fixture(autouse=True)
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
    """Every window open today; the unit window closes 30 days from today."""
    return open_year(committee)


@pytest.fixture
def unit(db):
    return OrganizationFactory(name="北京示例信息技术有限公司")


@pytest.fixture
def application(zhang_san, plan, committee, unit):
    """张三's application, submitted: it waits for his unit."""
    application = complete_application(applicant=zhang_san, plan=plan, committee=committee, unit=unit)
    submit_application(application, by=zhang_san)
    application.refresh_from_db()
    return application


@pytest.fixture
def hr(unit):
    return UserFactory(username="hr", real_name="王人事", role=Role.UNIT_HR, organization=unit)


@pytest.fixture
def other_hr(db):
    """The HR of another unit: every view and operation on 张三's application answers 404."""
    return UserFactory(username="hr2", role=Role.UNIT_HR, organization=OrganizationFactory(name="另一家单位"))


@pytest.fixture
def association(db):
    return OrganizationFactory(name="北京市计算机行业协会", kind=OrgKind.ASSOCIATION, ownership="")


@pytest.fixture
def association_staff(association):
    return UserFactory(username="assoc", real_name="协会秘书处", role=Role.ASSOCIATION, organization=association)
