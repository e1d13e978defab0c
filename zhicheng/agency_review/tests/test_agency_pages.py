import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import ApplicantFactory, UserFactory
from zhicheng.agency_review.models import CorrectionNotice
from zhicheng.agency_review.services import ItemInput, request_correction
from zhicheng.applications.models import Status
from zhicheng.applications.services import submit_application, update_application
from zhicheng.applications.tests.factories import ApplicationFactory
from zhicheng.fees.models import FeeNotice
from zhicheng.unit_review.models import Recommendation


def _items(*rows):
    data = {
        "items-TOTAL_FORMS": "5",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "30",
    }
    for n, (target, problem, requirement) in enumerate(rows):
        data |= {f"items-{n}-target": target, f"items-{n}-problem": problem, f"items-{n}-requirement": requirement}
    return data


def _pile(plan, committee, n, status=Status.AGENCY_REVIEW):
    return [
        ApplicationFactory(
            plan=plan, committee=committee, status=status, applicant=ApplicantFactory(identity=f"ID{i:06d}{n}")
        )
        for i in range(n)
    ]


def test_r40_queue_lists_the_agencys_applications_with_a_bounded_number_of_queries(
    client, reviewer, plan, committee, django_assert_max_num_queries
):
    _pile(plan, committee, 30)
    client.force_login(reviewer)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("agency_review:queue"))

    assert response.status_code == 200
    assert response.content.decode().count("评审机构审核中</span>") == 30


def test_queue_filters_by_status_and_searches_by_name_and_number(client, reviewer, in_review, second_in_review):
    request_correction(second_in_review, by=reviewer, items=[ItemInput("school", "有误", "更正")])
    client.force_login(reviewer)

    by_status = client.get(reverse("agency_review:queue"), {"status": "correction"}).content.decode()
    by_name = client.get(reverse("agency_review:queue"), {"q": "张三"}).content.decode()
    by_number = client.get(reverse("agency_review:queue"), {"q": in_review.number}).content.decode()

    assert second_in_review.number in by_status
    assert in_review.number not in by_status
    assert in_review.number in by_name
    assert second_in_review.number not in by_name
    assert in_review.number in by_number
    assert second_in_review.number not in by_number


def test_queue_paginates_by_fifty(client, reviewer, plan, committee):
    _pile(plan, committee, 51)
    client.force_login(reviewer)

    first = client.get(reverse("agency_review:queue")).content.decode()
    second = client.get(reverse("agency_review:queue"), {"page": 2}).content.decode()

    assert first.count("评审机构审核中</span>") == 50
    assert second.count("评审机构审核中</span>") == 1
    assert "共 51 条" in first


def test_queue_exports_to_excel_with_the_filters(client, reviewer, in_review):
    client.force_login(reviewer)

    response = client.get(reverse("agency_review:queue"), {"export": "xlsx", "q": "张三"})

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "申报编号"
    assert rows[1][:2] == (in_review.number, "张三")


def test_r40_review_page_shows_the_checklist_version_and_masked_identity(client, reviewer, in_review, zhang_san):
    client.force_login(reviewer)

    page = client.get(reverse("agency_review:review", args=[in_review.pk])).content.decode()

    assert "申报条件均已满足" in page
    assert "第1版申报内容" in page
    assert "北京理工大学" in page
    assert zhang_san.id_number not in page
    assert zhang_san.masked_id_number in page
    assert zhang_san.phone not in page
    assert "无单位推荐意见记录" in page


def test_r32_review_page_shows_the_units_recommendation_opinion(client, reviewer, in_review):
    hr = UserFactory(role=Role.UNIT_HR, organization=in_review.unit)
    Recommendation.objects.create(
        application=in_review, version_number=1, opinion="该同志业绩突出，同意推荐。", author=hr
    )
    client.force_login(reviewer)

    page = client.get(reverse("agency_review:review", args=[in_review.pk])).content.decode()

    assert "该同志业绩突出，同意推荐。" in page


def test_r42_review_page_shows_what_changed_against_the_previous_version(client, reviewer, in_review, zhang_san):
    request_correction(in_review, by=reviewer, items=[ItemInput("school", "与证书不符", "按证书填写")])
    in_review.refresh_from_db()
    update_application(in_review, by=zhang_san, changes={"school": "北京航空航天大学"})
    submit_application(in_review, by=zhang_san)
    hr = UserFactory(role=Role.UNIT_HR, organization=in_review.unit)
    from zhicheng.applications import lifecycle

    lifecycle.move(in_review, "recommend_again", by=hr)
    client.force_login(reviewer)

    page = client.get(reverse("agency_review:review", args=[in_review.pk])).content.decode()

    assert "与第1版相比的变化" in page
    assert "北京理工大学" in page
    assert "北京航空航天大学" in page
    assert "与证书不符" in page  # the earlier notice stays on record


def test_r41_correction_page_returns_the_application_with_all_items(client, reviewer, in_review):
    client.force_login(reviewer)
    data = _items(("school", "与证书不符", "按证书填写"), ("attachments.title_cert", "模糊", "重新上传清晰件"))

    response = client.post(reverse("agency_review:correction", args=[in_review.pk]), data, follow=True)

    assert "已一次性告知2项补正内容" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == Status.CORRECTION
    assert CorrectionNotice.objects.get().items.count() == 2


def test_r41_correction_page_without_items_changes_nothing(client, reviewer, in_review):
    client.force_login(reviewer)

    response = client.post(reverse("agency_review:correction", args=[in_review.pk]), _items())

    assert response.status_code == 400
    assert "请至少列出一项需补正的内容" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW


def test_approve_page_issues_the_fee_notice(client, reviewer, in_review, fee):
    client.force_login(reviewer)
    due = timezone.localdate() + datetime.timedelta(days=10)

    response = client.post(reverse("agency_review:approve", args=[in_review.pk]), {"payment_due_on": due}, follow=True)

    assert "审核通过，已通知申报人" in response.content.decode()
    assert FeeNotice.objects.get(application=in_review).due_on == due


def test_approve_page_refuses_a_wrong_status(client, reviewer, in_review, fee):
    request_correction(in_review, by=reviewer, items=[ItemInput("school", "有误", "更正")])
    client.force_login(reviewer)

    response = client.post(
        reverse("agency_review:approve", args=[in_review.pk]), {"payment_due_on": timezone.localdate()}
    )

    assert response.status_code == 400
    assert "不能执行“审核通过”" in response.content.decode()
    assert not FeeNotice.objects.exists()


def test_approve_page_without_a_date_changes_nothing(client, reviewer, in_review, fee):
    client.force_login(reviewer)

    response = client.post(reverse("agency_review:approve", args=[in_review.pk]), {"payment_due_on": "明天"})

    assert response.status_code == 400
    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW


@pytest.mark.parametrize(
    ("name", "method"),
    [("review", "get"), ("correction", "post"), ("approve", "post")],
)
def test_another_agencys_staff_gets_404_and_nothing_changes(client, other_reviewer, in_review, fee, name, method):
    client.force_login(other_reviewer)
    data = _items(("school", "有误", "更正")) | {"payment_due_on": timezone.localdate()}

    response = getattr(client, method)(reverse(f"agency_review:{name}", args=[in_review.pk]), data)

    assert response.status_code == 404
    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW


def test_another_agencys_staff_sees_an_empty_queue_and_dashboard(client, other_reviewer, in_review):
    client.force_login(other_reviewer)

    queue = client.get(reverse("agency_review:queue"), {"export": "xlsx"})
    dashboard = client.get(reverse("agency_review:dashboard")).content.decode()

    assert len(list(load_workbook(BytesIO(queue.content)).active.iter_rows())) == 1
    assert in_review.committee.name not in dashboard


@pytest.mark.parametrize("name", ["queue", "dashboard"])
def test_other_roles_may_not_open_agency_pages(client, in_review, name):
    client.force_login(UserFactory(role=Role.UNIT_HR, organization=in_review.unit))

    assert client.get(reverse(f"agency_review:{name}")).status_code == 403


def test_unit_hr_may_not_review(client, in_review):
    client.force_login(UserFactory(role=Role.UNIT_HR, organization=in_review.unit))

    response = client.post(reverse("agency_review:correction", args=[in_review.pk]), _items(("school", "x", "y")))

    assert response.status_code == 403
    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW
