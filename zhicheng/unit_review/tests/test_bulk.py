import datetime

import pytest
from django.urls import reverse

from zhicheng.applications.models import Status
from zhicheng.applications.services import submit_application
from zhicheng.applications.tests.factories import complete_application
from zhicheng.unit_review import services
from zhicheng.unit_review.models import Posting, Recommendation
from zhicheng.unit_review.tests.helpers import at, days_from_today, posted

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def li_si_application(li_si, plan, committee, unit):
    application = complete_application(applicant=li_si, plan=plan, committee=committee, unit=unit)
    submit_application(application, by=li_si)
    application.refresh_from_db()
    return application


def test_r30_bulk_posting_starts_each_with_one_date_and_reports_each(application, li_si_application, hr):
    posted(li_si_application, hr)  # already posting: refused, the other still goes through

    results = services.bulk_start_posting([application, li_si_application], by=hr, starts_on=days_from_today(1))

    assert [(r.application, r.ok) for r in results] == [(application, True), (li_si_application, False)]
    assert "单位公示中" in results[1].message
    application.refresh_from_db()
    assert application.status == Status.UNIT_POSTING
    assert Posting.objects.get(application=application).starts_on == days_from_today(1)


def test_r31_bulk_recommendation_checks_each_posting_and_objection(application, li_si_application, hr):
    first = posted(application, hr)
    second = posted(li_si_application, hr)
    services.add_objection(second, by=hr, received_on=second.starts_on, summary="有异议")

    with at(max(first.ends_on, second.ends_on) + ONE_DAY):
        results = services.bulk_recommend([application, li_si_application], by=hr, opinion="同意推荐")

    assert [r.ok for r in results] == [True, False]
    assert "异议尚未处理" in results[1].message
    assert list(Recommendation.objects.values_list("application", flat=True)) == [application.pk]
    li_si_application.refresh_from_db()
    assert li_si_application.status == Status.UNIT_POSTING


def test_r30_bulk_page_reports_per_application(client, application, li_si_application, hr):
    client.force_login(hr)

    response = client.post(
        reverse("unit_review:bulk"),
        {"action": "start_posting", "ids": [application.pk, li_si_application.pk], "starts_on": "2000-01-01"},
    )

    page = response.content.decode()
    assert page.count("公示开始日期不能早于今天") == 2
    assert application.number in page
    assert li_si_application.number in page
    assert not Posting.objects.exists()


def test_bulk_page_without_a_selection_or_opinion_explains_why(client, application, hr):
    client.force_login(hr)

    nothing = client.post(reverse("unit_review:bulk"), {"action": "start_posting"}, follow=True)
    no_opinion = client.post(
        reverse("unit_review:bulk"), {"action": "recommend", "ids": [application.pk], "opinion": " "}, follow=True
    )

    assert "请至少勾选一份申报" in nothing.content.decode()
    assert "请填写推荐意见" in no_opinion.content.decode()
