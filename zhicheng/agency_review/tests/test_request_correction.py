import datetime

import pytest
import time_machine
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.agency_review.models import CorrectionNotice
from zhicheng.agency_review.services import ItemInput, ReviewError, request_correction
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Status
from zhicheng.applications.services import submit_application, update_application
from zhicheng.audit.services import history_for
from zhicheng.catalog.models import Step, Window
from zhicheng.notifications.models import SmsMessage
from zhicheng.workdays.models import CalendarYear

TWO_ITEMS = [
    ItemInput("school", "毕业院校与学历证书不一致", "核对后按证书填写毕业院校"),
    ItemInput("attachments.title_cert", "职称证书照片模糊", "重新上传清晰的职称证书"),
]


def test_r41_one_notice_lists_every_item_and_returns_the_application(in_review, reviewer):
    notice = request_correction(in_review, by=reviewer, items=TWO_ITEMS)

    in_review.refresh_from_db()
    assert in_review.status == Status.CORRECTION
    assert in_review.due_on == notice.due_on
    assert notice.version_number == 1
    assert [(i.target, i.target_label) for i in notice.items.all()] == [
        ("school", "申报信息：毕业院校"),
        ("attachments.title_cert", "材料：现有职称证书"),
    ]
    event = history_for(in_review).last()
    assert (event.action, event.actor, event.to_state) == ("request_correction", reviewer, "correction")
    assert "职称证书照片模糊" in event.reason


def test_r41_a_notice_without_items_is_refused(in_review, reviewer):
    with pytest.raises(ReviewError, match="至少列出一项"):
        request_correction(in_review, by=reviewer, items=[])

    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW
    assert not CorrectionNotice.objects.exists()


def test_r41_an_incomplete_item_is_refused_and_nothing_is_saved(in_review, reviewer):
    items = [TWO_ITEMS[0], ItemInput("attachments.title_cert", "职称证书照片模糊", " ")]

    with pytest.raises(ReviewError, match="第2项"):
        request_correction(in_review, by=reviewer, items=items)
    with pytest.raises(ReviewError, match="第1项：请选择"):
        request_correction(in_review, by=reviewer, items=[ItemInput("password", "x", "y")])

    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW
    assert not CorrectionNotice.objects.exists()


def test_r05_correction_deadline_counts_working_days_across_national_day(in_review, reviewer):
    Window.objects.filter(step=Step.AGENCY).update(opens_on=datetime.date(2026, 9, 1))

    with time_machine.travel(datetime.datetime(2026, 9, 30, 10, 0, tzinfo=datetime.UTC), tick=False):
        notice = request_correction(in_review, by=reviewer, items=TWO_ITEMS[:1])

    # Wed 9-30 + 5 working days of the 2026 calendar: 10-1…10-7 off,
    # then Thu 10-8, Fri 10-9, Sat 10-10 (调休), Mon 10-12, Tue 10-13.
    assert notice.due_on == datetime.date(2026, 10, 13)


def test_r04_missing_calendar_refuses_with_the_calendar_message(in_review, reviewer):
    CalendarYear.objects.all().delete()

    with pytest.raises(ReviewError, match=r"缺少\d{4}年的工作日历数据"):
        request_correction(in_review, by=reviewer, items=TWO_ITEMS)

    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW


def test_r103_correction_texts_the_applicant_the_deadline(in_review, reviewer, zhang_san):
    notice = request_correction(in_review, by=reviewer, items=TWO_ITEMS)

    sms = SmsMessage.objects.get(template_id="correction_requested")
    assert sms.phone == zhang_san.phone
    assert sms.params == {
        "name": "张三",
        "number": in_review.number,
        "committee": in_review.committee.name,
        "deadline": f"{notice.due_on.year}年{notice.due_on.month}月{notice.due_on.day}日",
    }


def test_correction_from_a_wrong_status_is_refused(in_review, reviewer):
    request_correction(in_review, by=reviewer, items=TWO_ITEMS)

    with pytest.raises(lifecycle.MoveNotAllowed, match="待补正材料"):
        request_correction(in_review, by=reviewer, items=TWO_ITEMS)
    assert CorrectionNotice.objects.count() == 1


def test_correction_by_a_wrong_role_is_refused(in_review):
    hr = UserFactory(role=Role.UNIT_HR, organization=in_review.unit)

    with pytest.raises(ReviewError, match="只有评审服务机构"):
        request_correction(in_review, by=hr, items=TWO_ITEMS)


def test_correction_by_another_agency_is_refused(in_review, other_reviewer):
    with pytest.raises(ReviewError, match="本机构"):
        request_correction(in_review, by=other_reviewer, items=TWO_ITEMS)

    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW


def test_r44_no_correction_after_the_agency_window(in_review, reviewer):
    today = timezone.localdate()
    Window.objects.filter(step=Step.AGENCY).update(
        opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=1)
    )

    with pytest.raises(ReviewError, match="当前不在审核时间内") as exc:
        request_correction(in_review, by=reviewer, items=TWO_ITEMS)
    assert exc.value.rule == "R-44"
    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW


def test_r42_corrected_application_goes_back_to_the_unit_as_a_new_version(in_review, reviewer, zhang_san):
    request_correction(in_review, by=reviewer, items=TWO_ITEMS[:1])
    in_review.refresh_from_db()
    update_application(in_review, by=zhang_san, changes={"school": "北京航空航天大学"})

    version = submit_application(in_review, by=zhang_san)

    in_review.refresh_from_db()
    assert (version.number, in_review.status) == (2, Status.SUBMITTED)
