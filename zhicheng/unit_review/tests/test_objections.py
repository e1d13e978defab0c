import datetime

import pytest

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.audit.services import history_for
from zhicheng.unit_review import services
from zhicheng.unit_review.models import Objection, ObjectionStatus
from zhicheng.unit_review.tests.helpers import at, posted

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def posting(application, hr):
    return posted(application, hr)


def test_r31_objection_raised_during_the_posting_is_recorded_and_resolved_in_writing(posting, hr, application):
    objection = services.add_objection(
        posting, by=hr, received_on=posting.starts_on, summary="论文第一作者存疑", raised_by="同事甲"
    )
    assert (objection.status, objection.recorded_by) == (ObjectionStatus.OPEN, hr)

    services.resolve_objection(objection, by=hr, resolution="经核实，期刊官网可查，作者排名属实")

    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RESOLVED
    assert objection.resolution == "经核实，期刊官网可查，作者排名属实"
    assert objection.resolved_by == hr
    assert objection.resolved_at is not None
    assert [e.action for e in history_for(application)][-2:] == ["objection_recorded", "objection_resolved"]


def test_r31_objection_needs_a_summary_and_a_day_within_the_posting(posting, hr):
    with pytest.raises(services.ReviewError, match="请填写异议内容"):
        services.add_objection(posting, by=hr, received_on=posting.starts_on, summary=" ")
    with pytest.raises(services.ReviewError, match="公示期内"):
        services.add_objection(posting, by=hr, received_on=posting.starts_on - ONE_DAY, summary="有异议")
    with pytest.raises(services.ReviewError, match="公示期内"):  # not later than today
        services.add_objection(posting, by=hr, received_on=posting.ends_on, summary="有异议")
    with at(posting.ends_on + ONE_DAY * 2), pytest.raises(services.ReviewError, match="公示期内"):
        services.add_objection(posting, by=hr, received_on=posting.ends_on + ONE_DAY, summary="有异议")
    assert not Objection.objects.exists()


def test_r31_resolution_must_be_written_and_is_given_once(posting, hr):
    objection = services.add_objection(posting, by=hr, received_on=posting.starts_on, summary="有异议")

    with pytest.raises(services.ReviewError, match="请填写处理结果"):
        services.resolve_objection(objection, by=hr, resolution="")
    services.resolve_objection(objection, by=hr, resolution="已核实")
    with pytest.raises(services.ReviewError, match="已处理"):
        services.resolve_objection(objection, by=hr, resolution="再次处理")
    objection.refresh_from_db()
    assert objection.resolution == "已核实"


def test_r31_no_objection_before_a_posting_or_after_recommendation(application, hr):
    posting = posted(application, hr)
    with at(posting.ends_on + ONE_DAY):
        services.recommend(application, by=hr, opinion="同意推荐")
        with pytest.raises(services.ReviewError, match="不能再登记"):
            services.add_objection(posting, by=hr, received_on=posting.ends_on, summary="迟到的异议")


def test_r31_only_the_unit_records_objections(posting, other_hr, application):
    agency = UserFactory(role=Role.AGENCY, organization=application.committee.agency)
    for someone in (other_hr, agency, application.applicant):
        with pytest.raises(services.ReviewError, match="无权"):
            services.add_objection(posting, by=someone, received_on=posting.starts_on, summary="有异议")
    assert not Objection.objects.exists()


def test_r31_only_the_unit_resolves_objections(posting, other_hr, application, hr):
    objection = services.add_objection(posting, by=hr, received_on=posting.starts_on, summary="有异议")
    agency = UserFactory(role=Role.AGENCY, organization=application.committee.agency)

    for someone in (other_hr, agency, application.applicant):
        with pytest.raises(services.ReviewError, match="无权"):
            services.resolve_objection(objection, by=someone, resolution="已核实")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN
