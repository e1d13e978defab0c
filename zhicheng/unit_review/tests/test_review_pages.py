import datetime

import pytest
from django.urls import reverse

from zhicheng.applications.models import Status
from zhicheng.notifications.models import SmsMessage
from zhicheng.unit_review import services
from zhicheng.unit_review.models import Objection, ObjectionStatus, Posting, Recommendation
from zhicheng.unit_review.tests.helpers import at, corrected_and_resubmitted, days_from_today, posted, recommended

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


def url(name: str, *args: int) -> str:
    return reverse(f"unit_review:{name}", args=args)


def test_r30_review_page_shows_the_submitted_version_its_files_the_checks_and_the_actions(hr_client, application):
    page = hr_client.get(url("review", application.pk)).content.decode()

    assert "张三" in page
    assert application.number in page
    assert "申报内容（第1版" in page
    assert "基于微服务的政务平台高并发设计" in page  # achievement
    assert "北京测试科技有限公司" in page  # work history
    attachment = application.attachments.first()
    assert reverse("materials:inline", args=[attachment.pk]) in page
    assert "申报条件检查" in page
    assert "开始公示" in page
    assert "退回申报人修改" in page
    assert "推荐上报</button>" not in page
    assert application.applicant.id_number not in page
    assert application.applicant.phone not in page


def test_r42_review_page_of_a_resubmitted_application_shows_what_changed(hr_client, application, hr):
    recommended(application, hr)
    corrected_and_resubmitted(application, position="首席架构师")

    page = hr_client.get(url("review", application.pk)).content.decode()

    assert "第2版与第1版相比的变化" in page
    assert "软件工程师" in page
    assert "首席架构师" in page
    assert "补正后再次推荐（不重新公示）" in page
    assert "开始公示" in page


def test_r30_return_from_the_page_needs_a_reason(hr_client, application):
    refused = hr_client.post(url("return", application.pk), {"reason": ""})
    application.refresh_from_db()
    assert refused.status_code == 400
    assert application.status == Status.SUBMITTED

    response = hr_client.post(url("return", application.pk), {"reason": "请补充工作经历"})

    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == Status.RETURNED
    assert SmsMessage.objects.filter(template_id="application_returned").count() == 1


def test_r30_start_posting_from_the_page_and_print_the_notice(hr_client, application):
    response = hr_client.post(url("start_posting", application.pk), {"starts_on": days_from_today(0).isoformat()})

    posting = Posting.objects.get(application=application)
    assert response.status_code == 302
    page = hr_client.get(url("review", application.pk)).content.decode()
    assert "打印公示通知（PDF）" in page
    assert "登记异议" in page
    notice = hr_client.get(url("posting_notice", application.pk, posting.pk))
    assert notice.status_code == 200
    assert notice["Content-Type"] == "application/pdf"
    assert notice.content.startswith(b"%PDF")


def test_r30_a_refused_posting_keeps_the_page_with_the_chinese_reason(hr_client, application):
    response = hr_client.post(url("start_posting", application.pk), {"starts_on": days_from_today(-3).isoformat()})

    assert response.status_code == 400
    assert "公示开始日期不能早于今天" in response.content.decode()
    assert not Posting.objects.exists()


def test_r31_objections_are_recorded_and_resolved_from_the_page(hr_client, application, hr):
    posting = posted(application, hr)
    hr_client.post(
        url("add_objection", application.pk),
        {"received_on": posting.starts_on.isoformat(), "summary": "论文作者排名存疑", "raised_by": ""},
    )
    objection = Objection.objects.get()
    page = hr_client.get(url("review", application.pk)).content.decode()
    assert "论文作者排名存疑" in page
    assert "记录处理结果" in page

    hr_client.post(url("resolve_objection", application.pk, objection.pk), {"resolution": "已核实，排名属实"})

    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RESOLVED
    assert "已核实，排名属实" in hr_client.get(url("review", application.pk)).content.decode()


def test_r32_recommend_from_the_page_after_the_posting(hr_client, application, hr):
    posting = posted(application, hr)
    early = hr_client.post(url("recommend", application.pk), {"opinion": "同意推荐"})
    assert early.status_code == 400
    assert "公示期满后方可推荐" in early.content.decode()

    with at(posting.ends_on + ONE_DAY):
        hr_client.force_login(hr)  # the session of a week ago has expired
        response = hr_client.post(url("recommend", application.pk), {"opinion": "同意推荐"})

    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == Status.AGENCY_REVIEW
    assert Recommendation.objects.get().opinion == "同意推荐"


def test_r42_recommend_again_from_the_page(hr_client, application, hr):
    recommended(application, hr)
    corrected_and_resubmitted(application)

    hr_client.post(url("recommend", application.pk), {"opinion": "非实质性修改，同意再次推荐", "again": "1"})

    application.refresh_from_db()
    assert application.status == Status.AGENCY_REVIEW
    assert Recommendation.objects.filter(again=True).count() == 1


def test_another_units_hr_gets_404_from_every_page_and_action(client, other_hr, application, hr):
    posting = posted(application, hr)
    objection = services.add_objection(posting, by=hr, received_on=posting.starts_on, summary="有异议")
    client.force_login(other_hr)

    assert application.number not in client.get(url("queue"), {"status": "all"}).content.decode()
    assert client.get(url("review", application.pk)).status_code == 404
    assert client.get(url("posting_notice", application.pk, posting.pk)).status_code == 404
    posts = {
        url("return", application.pk): {"reason": "x"},
        url("start_posting", application.pk): {"starts_on": days_from_today(0).isoformat()},
        url("add_objection", application.pk): {"received_on": posting.starts_on.isoformat(), "summary": "x"},
        url("resolve_objection", application.pk, objection.pk): {"resolution": "x"},
        url("recommend", application.pk): {"opinion": "x"},
    }
    for target, data in posts.items():
        assert client.post(target, data).status_code == 404, target
    bulk = client.post(url("bulk"), {"action": "start_posting", "ids": [application.pk], "starts_on": "2030-01-01"})
    assert "另有 1 份所选申报不存在或您无权办理" in bulk.content.decode()
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN
    assert Posting.objects.count() == 1


def test_r30_hr_gets_404_for_their_own_application(client, hr, plan, committee, unit):
    from zhicheng.applications.tests.factories import complete_application

    own = complete_application(applicant=hr, plan=plan, committee=committee, unit=unit)
    own.status = Status.SUBMITTED
    own.save()
    client.force_login(hr)

    assert client.get(url("review", own.pk)).status_code == 404
    assert client.post(url("start_posting", own.pk), {"starts_on": days_from_today(0).isoformat()}).status_code == 404


def test_a_posting_or_objection_of_another_application_is_not_found(hr_client, application, hr, li_si, plan, committee):
    from zhicheng.applications.services import submit_application
    from zhicheng.applications.tests.factories import complete_application

    other = complete_application(applicant=li_si, plan=plan, committee=committee, unit=application.unit)
    submit_application(other, by=li_si)
    posting = posted(other, hr)
    objection = services.add_objection(posting, by=hr, received_on=posting.starts_on, summary="有异议")

    assert hr_client.get(url("posting_notice", application.pk, posting.pk)).status_code == 404
    assert (
        hr_client.post(url("resolve_objection", application.pk, objection.pk), {"resolution": "x"}).status_code == 404
    )
