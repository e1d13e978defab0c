import datetime

import pytest
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications.models import Status
from zhicheng.applications.services import ApplicationError, start_application
from zhicheng.audit.services import history_for
from zhicheng.catalog.models import Level
from zhicheng.catalog.tests.factories import CommitteeFactory


def test_start_creates_a_draft_with_birth_date_and_gender_from_the_id(zhang_san, plan, committee):
    application = start_application(by=zhang_san, plan=plan, committee=committee, level=Level.INTERMEDIATE)

    assert application.status == Status.DRAFT
    assert application.birth_date == datetime.date(1949, 12, 31)
    assert application.gender == "女"
    assert [e.action for e in history_for(application)] == ["create"]


def test_one_active_application_per_person_per_year(zhang_san, plan, committee):
    start_application(by=zhang_san, plan=plan, committee=committee, level=Level.INTERMEDIATE)

    with pytest.raises(ApplicationError, match="每人每年度只能申报一次"):
        start_application(by=zhang_san, plan=plan, committee=committee, level=Level.INTERMEDIATE)


def test_r03_expired_committee_cannot_be_chosen(zhang_san, plan):
    expired = CommitteeFactory(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    plan.committees.add(expired)

    with pytest.raises(ApplicationError) as error:
        start_application(by=zhang_san, plan=plan, committee=expired, level=Level.INTERMEDIATE)
    assert error.value.rule == "R-03"


def test_r60_committee_takes_only_its_levels(zhang_san, plan, committee):
    with pytest.raises(ApplicationError):
        start_application(by=zhang_san, plan=plan, committee=committee, level=Level.SENIOR_FULL)


def test_staff_cannot_start_an_application(db, plan, committee):
    hr = UserFactory(role=Role.UNIT_HR)

    with pytest.raises(ApplicationError, match="只有申报人"):
        start_application(by=hr, plan=plan, committee=committee, level=Level.INTERMEDIATE)
