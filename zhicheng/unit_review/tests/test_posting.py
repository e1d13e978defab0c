import datetime
import subprocess

import pytest

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import ApplicantFactory, UserFactory
from zhicheng.applications.models import Status
from zhicheng.applications.services import submit_application
from zhicheng.applications.tests.factories import AchievementFactory, complete_application
from zhicheng.audit.services import history_for
from zhicheng.catalog.models import Step
from zhicheng.catalog.tests.factories import CommitteeFactory, open_year
from zhicheng.unit_review import services
from zhicheng.unit_review.models import Posting
from zhicheng.unit_review.pdf import render_posting_notice
from zhicheng.unit_review.tests.helpers import at, days_from_today
from zhicheng.workdays.models import CalendarYear
from zhicheng.workdays.services import count_workdays

D = datetime.date


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S607
    return result.stdout.decode()


def test_r30_posting_lasts_five_whole_working_days_from_the_chosen_day(application, hr, plan):
    starts_on = days_from_today(1)

    posting = services.start_posting(application, by=hr, starts_on=starts_on)

    application.refresh_from_db()
    assert application.status == Status.UNIT_POSTING
    assert application.due_on == plan.windows.get(step=Step.UNIT).closes_on
    assert (posting.starts_on, posting.version_number, posting.created_by) == (starts_on, 1, hr)
    assert count_workdays(starts_on, posting.ends_on) == 5
    assert count_workdays(starts_on, posting.ends_on - datetime.timedelta(days=1)) == 4
    assert history_for(application).last().action == "start_posting"


def test_r05_posting_from_27_september_2024_spans_national_day_and_ends_on_9_october(zhang_san, unit):
    with at(D(2024, 9, 27)):
        committee = CommitteeFactory()
        open_year(committee)
        application = complete_application(applicant=zhang_san, committee=committee, unit=unit)
        submit_application(application, by=zhang_san)
        hr = UserFactory(role=Role.UNIT_HR, organization=unit)

        posting = services.start_posting(application, by=hr, starts_on=D(2024, 9, 27))

    assert posting.ends_on == D(2024, 10, 9)


def test_r30_posting_cannot_start_in_the_past(application, hr):
    with pytest.raises(services.ReviewError, match="不能早于今天"):
        services.start_posting(application, by=hr, starts_on=days_from_today(-1))

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not Posting.objects.exists()


def test_r33_posting_must_end_before_the_unit_window_closes(application, hr, plan):
    closes = plan.windows.get(step=Step.UNIT).closes_on

    with pytest.raises(services.ReviewError, match="请提前开始公示"):
        services.start_posting(application, by=hr, starts_on=closes - datetime.timedelta(days=2))
    with pytest.raises(services.ReviewError, match="单位审核推荐时间"):
        services.start_posting(application, by=hr, starts_on=closes + datetime.timedelta(days=1))
    assert not Posting.objects.exists()


def test_r04_posting_without_calendar_data_is_refused_with_the_calendar_message(application, hr):
    CalendarYear.objects.all().delete()

    with pytest.raises(services.ReviewError, match="工作日历数据"):
        services.start_posting(application, by=hr, starts_on=days_from_today(0))
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_r30_a_posting_application_cannot_be_posted_again(application, hr):
    services.start_posting(application, by=hr, starts_on=days_from_today(0))

    with pytest.raises(services.ReviewError, match="单位公示中"):
        services.start_posting(application, by=hr, starts_on=days_from_today(1))
    assert Posting.objects.count() == 1


def test_r30_only_the_unit_or_association_posts(application):
    agency = UserFactory(role=Role.AGENCY, organization=application.committee.agency)

    for someone in (application.applicant, agency):
        with pytest.raises(services.ReviewError, match="无权"):
            services.start_posting(application, by=someone, starts_on=days_from_today(0))
    assert not Posting.objects.exists()


def test_r30_another_units_hr_cannot_post(application, other_hr):
    with pytest.raises(services.ReviewError, match="无权"):
        services.start_posting(application, by=other_hr, starts_on=days_from_today(0))
    assert not Posting.objects.exists()


def test_r30_hr_never_posts_their_own_application(plan, committee, unit):
    """An HR who applies is an applicant of their own unit; their application is not theirs to review."""
    hr = ApplicantFactory(username="hr-self", real_name="王人事", role=Role.UNIT_HR, organization=unit)
    own = complete_application(applicant=hr, plan=plan, committee=committee, unit=unit)
    own.status = Status.SUBMITTED
    own.save()

    with pytest.raises(services.ReviewError, match="无权"):
        services.start_posting(own, by=hr, starts_on=days_from_today(0))


def test_r30_posting_notice_shows_the_posted_facts_and_period_but_no_id_number_or_phone(application, hr):
    AchievementFactory(application=application, title="城市级政务数据共享平台", kind="project")
    posting = services.start_posting(application, by=hr, starts_on=days_from_today(0))

    text = pdf_text(render_posting_notice(posting))
    flat = "".join(text.split())

    assert render_posting_notice(posting).startswith(b"%PDF")
    for expected in [
        "职称申报公示",
        "张三",
        "北京示例信息技术有限公司",
        "工程技术",
        "中级",
        "大学本科",
        "城市级政务数据共享平台",
    ]:
        assert expected in flat, expected
    period = f"{posting.starts_on.year}年{posting.starts_on.month}月{posting.starts_on.day}日至"
    assert period in flat
    assert "异议" in flat
    assert application.applicant.id_number not in flat
    assert application.applicant.id_number[-6:] not in flat
    assert application.applicant.phone not in flat
    assert "电话" not in flat
