import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.agency_review.services import ReviewError, approve_application
from zhicheng.agency_review.tests.fixtures import approve
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Status
from zhicheng.catalog.models import Step, Window
from zhicheng.fees.models import FeeNotice
from zhicheng.notifications.models import SmsMessage


def test_r51_approval_issues_the_fee_notice_at_the_configured_amount(in_review, reviewer, fee):
    notice = approve(in_review, reviewer, days=7)

    in_review.refresh_from_db()
    assert in_review.status == Status.APPROVED
    assert notice.amount == Decimal("300.00")
    assert notice.due_on == in_review.due_on == timezone.localdate() + datetime.timedelta(days=7)


def test_r51_no_fee_standard_no_approval(in_review, reviewer):
    with pytest.raises(ReviewError, match="尚未设置评审费标准") as exc:
        approve(in_review, reviewer)

    assert exc.value.rule == "R-51"
    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW
    assert not FeeNotice.objects.exists()


def test_r50_payment_deadline_in_the_past_is_refused(in_review, reviewer, fee):
    with pytest.raises(ReviewError, match="不能早于今天"):
        approve_application(in_review, by=reviewer, payment_due_on=timezone.localdate() - datetime.timedelta(days=1))

    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW


def test_r103_approval_texts_the_fee_and_the_deadline(in_review, reviewer, fee, zhang_san):
    notice = approve(in_review, reviewer)

    sms = SmsMessage.objects.get(template_id="application_approved")
    assert sms.phone == zhang_san.phone
    assert sms.params["fee"] == "300.00"
    assert sms.params["deadline"] == f"{notice.due_on.year}年{notice.due_on.month}月{notice.due_on.day}日"


def test_approval_from_a_wrong_status_is_refused(in_review, reviewer, fee):
    approve(in_review, reviewer)

    with pytest.raises(lifecycle.MoveNotAllowed):
        approve(in_review, reviewer)
    assert FeeNotice.objects.count() == 1


def test_approval_by_a_wrong_role_is_refused(in_review, fee):
    with pytest.raises(ReviewError):
        approve(in_review, UserFactory(role=Role.BUREAU))


def test_approval_by_another_agency_is_refused(in_review, other_reviewer, fee):
    with pytest.raises(ReviewError, match="本机构"):
        approve(in_review, other_reviewer)
    assert not FeeNotice.objects.exists()


def test_r44_no_approval_after_the_agency_window(in_review, reviewer, fee):
    Window.objects.filter(step=Step.AGENCY).update(
        opens_on=timezone.localdate() - datetime.timedelta(days=40),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )

    with pytest.raises(ReviewError, match="评审服务机构审核时间为"):
        approve(in_review, reviewer)
    in_review.refresh_from_db()
    assert in_review.status == Status.AGENCY_REVIEW
