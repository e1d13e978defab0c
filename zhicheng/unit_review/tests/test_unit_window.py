import datetime

import pytest

from zhicheng.applications.models import Status
from zhicheng.catalog.models import Step
from zhicheng.catalog.selectors import cn_date
from zhicheng.unit_review import services
from zhicheng.unit_review.tests.helpers import at, corrected_and_resubmitted, posted, recommended

ONE_DAY = datetime.timedelta(days=1)


def test_r33_after_the_unit_window_closes_every_unit_action_is_refused_naming_the_window(application, hr, plan):
    window = plan.windows.get(step=Step.UNIT)
    posting = posted(application, hr)
    objection = services.add_objection(posting, by=hr, received_on=posting.starts_on, summary="有异议")
    named = f"单位审核推荐时间为{cn_date(window.opens_on)}至{cn_date(window.closes_on)}，已截止"

    with at(window.closes_on + ONE_DAY, hour=0):
        with pytest.raises(services.ReviewError, match=named):
            services.resolve_objection(objection, by=hr, resolution="已核实")
        with pytest.raises(services.ReviewError, match=named):
            services.add_objection(posting, by=hr, received_on=posting.starts_on, summary="又一条")
        with pytest.raises(services.ReviewError, match=named):
            services.recommend(application, by=hr, opinion="同意推荐")

    application.refresh_from_db()
    assert application.status == Status.UNIT_POSTING


def test_r33_no_return_posting_or_re_recommendation_after_the_window(application, hr, plan, zhang_san):
    window = plan.windows.get(step=Step.UNIT)

    with at(window.closes_on + ONE_DAY):
        with pytest.raises(services.ReviewError, match="已截止") as error:
            services.return_to_applicant(application, by=hr, reason="补充材料")
        with pytest.raises(services.ReviewError, match="已截止"):
            services.start_posting(application, by=hr, starts_on=window.closes_on + ONE_DAY)
    assert error.value.rule == "R-33"

    recommended(application, hr)
    corrected_and_resubmitted(application)
    with at(window.closes_on + ONE_DAY), pytest.raises(services.ReviewError, match="已截止"):
        services.recommend_again(application, by=hr, opinion="同意再次推荐")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_r33_the_last_day_of_the_window_still_counts(application, hr, plan):
    window = plan.windows.get(step=Step.UNIT)
    posting = posted(application, hr)

    with at(window.closes_on, hour=23):
        services.recommend(application, by=hr, opinion="同意推荐")

    assert posting.ends_on < window.closes_on
    application.refresh_from_db()
    assert application.status == Status.AGENCY_REVIEW
