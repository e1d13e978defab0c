"""事业单位职称职数 (R-80): a state-owned unit's passed and appointed applicants stay within its post quota."""

import pytest

from zhicheng.acceptance import services
from zhicheng.acceptance.models import PostQuota
from zhicheng.accounts.models import Ownership
from zhicheng.accounts.tests.factories import OrganizationFactory
from zhicheng.applications.models import Application, Status
from zhicheng.ballots.tests.factories import entries
from zhicheng.catalog.models import Level
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.tests.factories import bureau_staff

from .factories import applications, checks_by_code, reported

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital(db):
    return OrganizationFactory(name="北京市第一人民医院", ownership=Ownership.STATE)


def test_r80_a_quota_exceeded_names_the_entries_and_blocks_acceptance_until_corrected(hospital):
    session = reported()
    Application.objects.filter(evaluation__session=session).update(unit=hospital)
    bureau = bureau_staff()
    assert checks_by_code(session)["quota"].ok  # no quota row: no limit
    PostQuota.objects.create(plan=session.plan, unit=hospital, level=Level.INTERMEDIATE, quota=1)

    check = checks_by_code(session)["quota"]
    assert not check.ok
    assert check.entries == [e.pk for e in entries(session)]
    assert "北京市第一人民医院中级：职数1个，本年度评审通过及已聘3人，超出2人" in check.detail
    for entry in entries(session):
        assert entry.application.applicant.real_name in check.detail
    with pytest.raises(DomainError, match="请先纠正以下申报") as refused:
        services.accept_session(session, by=bureau)
    assert refused.value.rule == "R-80"
    assert {a.status for a in applications(session)} == {Status.PASSED}

    first, second, _ = entries(session)
    services.correct_result(first, by=bureau, reason="超出单位中级职称职数")
    with pytest.raises(DomainError, match="超出1人"):
        services.accept_session(session, by=bureau)
    services.correct_result(second, by=bureau, reason="超出单位中级职称职数")
    services.accept_session(session, by=bureau)

    assert [a.status for a in applications(session)] == [Status.FAILED, Status.FAILED, Status.ACCEPTED]


def test_r80_applicants_accepted_earlier_in_the_year_count_against_the_quota(hospital):
    session = reported()
    Application.objects.filter(evaluation__session=session).update(unit=hospital)
    earlier = entries(session)[0].application
    Application.objects.filter(pk=earlier.pk).update(status=Status.CONFIRMED)
    PostQuota.objects.create(plan=session.plan, unit=hospital, level=Level.INTERMEDIATE, quota=2)

    check = checks_by_code(session)["quota"]

    assert not check.ok
    assert "本年度评审通过及已聘3人，超出1人" in check.detail
    assert check.entries == [e.pk for e in entries(session)[1:]]


def test_r80_quotas_bind_state_owned_units_only(hospital):
    session = reported()
    private = OrganizationFactory(name="北京某科技有限公司", ownership=Ownership.PRIVATE)
    Application.objects.filter(evaluation__session=session).update(unit=private)
    PostQuota.objects.create(plan=session.plan, unit=private, level=Level.INTERMEDIATE, quota=0)

    assert checks_by_code(session)["quota"].ok
