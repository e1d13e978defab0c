"""The agency opens a session of its committee with the year's approved and paid applications (R-52, R-61)."""

import datetime

import pytest
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import AgencyFactory, UserFactory
from zhicheng.applications.models import Status
from zhicheng.audit.services import history_for
from zhicheng.catalog.tests.factories import CommitteeFactory
from zhicheng.core.errors import DomainError
from zhicheng.evaluations import services
from zhicheng.evaluations.models import SessionStatus
from zhicheng.evaluations.tests.conftest import new_session
from zhicheng.evaluations.tests.factories import paid_application


def test_r52_session_takes_every_paid_application_of_the_committee(agency, committee, plan, applications):
    approved_only = paid_application(committee, plan, name="未缴费")
    approved_only.status = Status.APPROVED
    approved_only.save()

    session = new_session(agency, committee)

    assert session.status == SessionStatus.PREPARING
    assert session.plan == plan
    assert {e.application_id for e in session.entries.all()} == {a.pk for a in applications}
    assert [e.action for e in history_for(session)] == ["create_session"]


def test_an_application_sits_in_one_session_only(agency, committee, applications):
    new_session(agency, committee)
    late = paid_application(committee, applications[0].plan, name="补缴费")

    second = new_session(agency, committee, name="第二次评审会")

    assert [e.application_id for e in second.entries.all()] == [late.pk]


def test_r52_session_without_paid_applications_is_refused(agency, committee, plan):
    with pytest.raises(DomainError, match="暂无已缴费待评审的申报"):
        new_session(agency, committee)


@pytest.mark.parametrize(("requested", "message"), [(4, "不得少于评委会人数下限5人"), (6, "奇数")])
def test_r61_requested_experts_must_be_odd_and_at_least_the_committee_minimum(
    agency, committee, applications, requested, message
):
    with pytest.raises(DomainError, match=message) as refused:
        new_session(agency, committee, experts_requested=requested)

    assert refused.value.rule == "R-61"
    assert not committee.sessions.exists()


def test_r61_series_committee_without_a_filed_number_needs_twenty_five(agency, committee, applications):
    committee.filed_experts = None
    committee.save()

    with pytest.raises(DomainError, match="25人"):
        new_session(agency, committee, experts_requested=23)


def test_meeting_date_in_the_past_is_refused(agency, committee, applications):
    with pytest.raises(DomainError, match="不能早于今天"):
        new_session(agency, committee, meeting_on=timezone.localdate() - datetime.timedelta(days=1))


def test_another_agencys_staff_cannot_open_a_session(committee, applications):
    stranger = UserFactory(role=Role.AGENCY, organization=AgencyFactory(name="另一评审服务机构"))

    with pytest.raises(DomainError, match="所属的评审服务机构"):
        new_session(stranger, committee)


def test_r03_committee_outside_this_years_catalog_is_refused(agency, applications):
    outside = CommitteeFactory(agency=agency.organization, filed_experts=5)

    with pytest.raises(DomainError, match=r"不在.*名录") as refused:
        services.create_session(
            by=agency,
            committee=outside,
            name="名录外",
            meeting_on=timezone.localdate(),
            place="某地",
            experts_requested=5,
        )

    assert refused.value.rule == "R-03"
