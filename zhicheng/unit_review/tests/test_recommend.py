import datetime

import pytest

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications.models import Status
from zhicheng.catalog.models import Step
from zhicheng.unit_review import services
from zhicheng.unit_review.models import Posting, Recommendation
from zhicheng.unit_review.tests.helpers import at, corrected_and_resubmitted, posted, recommended

ONE_DAY = datetime.timedelta(days=1)
OPINION = "该同志思想政治素质好，专业技术能力突出，同意推荐。"


@pytest.fixture
def posting(application, hr):
    return posted(application, hr)


def test_r32_after_the_posting_ends_without_objection_the_hr_recommends_with_an_opinion(application, hr, posting, plan):
    with at(posting.ends_on + ONE_DAY):
        recommendation = services.recommend(application, by=hr, opinion=OPINION)

    application.refresh_from_db()
    assert application.status == Status.AGENCY_REVIEW
    assert application.due_on == plan.windows.get(step=Step.AGENCY).closes_on
    assert (recommendation.opinion, recommendation.author, recommendation.version_number) == (OPINION, hr, 1)
    assert recommendation.again is False


def test_r30_no_recommendation_on_the_last_day_of_the_posting(application, hr, posting):
    with at(posting.ends_on, hour=23), pytest.raises(services.ReviewError, match="公示期满后方可推荐"):
        services.recommend(application, by=hr, opinion=OPINION)

    application.refresh_from_db()
    assert application.status == Status.UNIT_POSTING
    assert not Recommendation.objects.exists()


def test_r31_an_open_objection_blocks_the_recommendation_until_resolved(application, hr, posting):
    objection = services.add_objection(posting, by=hr, received_on=posting.starts_on, summary="业绩存疑")

    with at(posting.ends_on + ONE_DAY):
        with pytest.raises(services.ReviewError, match="异议尚未处理"):
            services.recommend(application, by=hr, opinion=OPINION)
        services.resolve_objection(objection, by=hr, resolution="经核实无问题")
        services.recommend(application, by=hr, opinion=OPINION)

    application.refresh_from_db()
    assert application.status == Status.AGENCY_REVIEW


def test_r32_the_opinion_is_required(application, hr, posting):
    with at(posting.ends_on + ONE_DAY), pytest.raises(services.ReviewError, match="请填写单位推荐意见"):
        services.recommend(application, by=hr, opinion="  ")
    assert not Recommendation.objects.exists()


def test_r32_a_submitted_application_is_posted_before_it_is_recommended(application, hr):
    with pytest.raises(services.ReviewError, match="待单位审核"):
        services.recommend(application, by=hr, opinion=OPINION)
    with pytest.raises(services.ReviewError, match="须先进行公示"):
        services.recommend_again(application, by=hr, opinion=OPINION)


def test_r32_only_the_units_hr_recommends(application, hr, posting, other_hr):
    agency = UserFactory(role=Role.AGENCY, organization=application.committee.agency)
    with at(posting.ends_on + ONE_DAY):
        for someone in (other_hr, agency, application.applicant):
            with pytest.raises(services.ReviewError, match="无权"):
                services.recommend(application, by=someone, opinion=OPINION)
    assert not Recommendation.objects.exists()


def test_r42_after_a_correction_that_changed_nothing_material_the_unit_recommends_again_without_posting(
    application, hr
):
    recommended(application, hr)
    corrected_and_resubmitted(application)
    assert application.status == Status.SUBMITTED

    again = services.recommend_again(application, by=hr, opinion="补正内容为职务名称，非实质性修改，同意再次推荐")

    application.refresh_from_db()
    assert application.status == Status.AGENCY_REVIEW
    assert (again.again, again.version_number) == (True, 2)
    assert Posting.objects.filter(application=application).count() == 1


def test_r42_after_a_material_correction_the_unit_posts_version_two_again(application, hr):
    recommended(application, hr)
    corrected_and_resubmitted(application)

    posting = posted(application, hr)
    with at(posting.ends_on + ONE_DAY):
        services.recommend(application, by=hr, opinion=OPINION)

    assert posting.version_number == 2
    application.refresh_from_db()
    assert application.status == Status.AGENCY_REVIEW
    assert list(Recommendation.objects.order_by("pk").values_list("version_number", flat=True)) == [1, 2]


def test_r42_only_the_units_hr_recommends_again(application, hr, other_hr):
    recommended(application, hr)
    corrected_and_resubmitted(application)
    agency = UserFactory(role=Role.AGENCY, organization=application.committee.agency)

    for someone in (other_hr, agency, application.applicant):
        with pytest.raises(services.ReviewError, match="无权"):
            services.recommend_again(application, by=someone, opinion=OPINION)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
