"""Deadlines that end an application: the windows of the year's plan (R-22, R-33), the correction deadline
(R-43) and the payment deadline (R-50). Each status keeps its step's deadline in Application.due_on."""

import datetime

from django.db import transaction
from django.db.models import Q

from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application, Status
from zhicheng.catalog.selectors import cn_date
from zhicheng.notifications.services import queue_sms

CORRECTION_REASON = "未在补正期限内补正材料"
PAYMENT_REASON = "未在缴费期限内缴纳评审费"
# A window that closed on an application still in one of its steps (视为放弃申报, R-43).
WINDOW_REASONS = {
    Status.DRAFT: "个人网上申报已截止，申报未提交",
    Status.RETURNED: "个人网上申报已截止，退回修改后未重新提交",
    Status.SUBMITTED: "单位审核推荐已截止，单位未审核推荐",
    Status.UNIT_POSTING: "单位审核推荐已截止，单位未推荐上报",
}


def _overdue(on: datetime.date) -> Q:
    """Past the deadline on `on`: the deadline day itself still counts as in time."""
    late_correction = Q(status=Status.CORRECTION, due_on__lt=on)
    late_payment = Q(status=Status.APPROVED, fee_notice__due_on__lt=on)
    window_closed = Q(status__in=list(WINDOW_REASONS), due_on__lt=on)
    return late_correction | late_payment | window_closed


def find_overdue(on: datetime.date) -> list[int]:
    return list(Application.objects.filter(_overdue(on)).order_by("pk").values_list("pk", flat=True))


def abandon_overdue(on: datetime.date) -> int:
    """Mark every application past its step's deadline as abandoned; returns how many.

    Each application is handled in its own transaction and re-checked under lock, so a run that
    crashed half-way, a second run, or an applicant who paid a moment ago is safe.
    """
    abandoned = 0
    for pk in find_overdue(on):
        with transaction.atomic():
            application = (
                Application.objects.select_for_update(of=("self",))
                .select_related("applicant", "plan", "committee")
                .filter(_overdue(on), pk=pk)
                .first()
            )
            if application is None:  # corrected, paid or abandoned since the list was read
                continue
            reason = {Status.CORRECTION: CORRECTION_REASON, Status.APPROVED: PAYMENT_REASON, **WINDOW_REASONS}[
                Status(application.status)
            ]
            deadline = application.due_on
            lifecycle.move(
                application, "abandon", by=None, reason=f"{reason}（截止{cn_date(deadline)}）" if deadline else reason
            )
            queue_sms(
                application.applicant.phone,
                "application_abandoned",
                {
                    "name": application.applicant.real_name,
                    "number": application.number,
                    "committee": application.committee.name,
                    "reason": reason,
                },
                about=application,
            )
            abandoned += 1
    return abandoned
