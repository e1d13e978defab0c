"""The review agency's use cases (R-40…R-44): one correction notice, approval with the fee notice."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.agency_review.models import CorrectionItem, CorrectionNotice
from zhicheng.agency_review.targets import correction_targets
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application
from zhicheng.catalog.models import Step
from zhicheng.catalog.selectors import cn_date, window_for
from zhicheng.core.errors import DomainError
from zhicheng.fees import services as fees
from zhicheng.fees.models import FeeNotice
from zhicheng.notifications.services import queue_sms
from zhicheng.workdays.services import CalendarDataMissing, add_workdays

REVIEWER_ROLES = frozenset({Role.AGENCY, Role.DISTRICT_BUREAU})


class ReviewError(DomainError):
    """A refused agency action, with the rule and field concerned for the API's structured errors."""


@dataclass(frozen=True)
class ItemInput:
    target: str
    problem: str
    requirement: str


def _today() -> datetime.date:
    return timezone.localdate()


def _lock(application: Application, by: User, move: str) -> Application:
    """The application locked for the move, after checking the actor reviews for its committee and its status."""
    if by.role not in REVIEWER_ROLES or not by.organization_id:
        raise ReviewError("只有评审服务机构可以办理审核")
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant", "plan", "committee__series")
        .get(pk=application.pk)
    )
    if locked.committee.agency_id != by.organization_id:
        raise ReviewError("只能办理本机构评委会的申报")
    if locked.status not in lifecycle.MOVES[move].sources:
        raise lifecycle.MoveNotAllowed(move, locked.status)
    return locked


def require_agency_window(application: Application, on: datetime.date) -> None:
    """Agency actions only while the agency window of the application's series is open (R-44)."""
    window = window_for(application.plan, application.committee.series, Step.AGENCY)
    if window is None:
        raise ReviewError(f"{application.plan.year}年度尚未安排评审服务机构审核时间", rule="R-44")
    if not window.is_open_on(on):
        raise ReviewError(
            f"评审服务机构审核时间为{cn_date(window.opens_on)}至{cn_date(window.closes_on)}，当前不在审核时间内",
            rule="R-44",
        )


def clean_items(items: list[ItemInput]) -> list[ItemInput]:
    """Trimmed items, every one complete and naming a known target; at least one (R-41)."""
    targets = correction_targets()
    cleaned = [ItemInput(i.target.strip(), i.problem.strip(), i.requirement.strip()) for i in items]
    if not cleaned:
        raise ReviewError("请至少列出一项需补正的内容", rule="R-41", field="items")
    for number, item in enumerate(cleaned, start=1):
        if item.target not in targets:
            raise ReviewError(f"第{number}项：请选择需补正的项目", rule="R-41", field="items")
        if not item.problem or not item.requirement:
            raise ReviewError(f"第{number}项：请填写存在的问题和补正要求", rule="R-41", field="items")
    return cleaned


def request_correction(application: Application, *, by: User, items: list[ItemInput]) -> CorrectionNotice:
    """Tell the applicant every item to correct in one notice and return the application with a deadline (R-41)."""
    cleaned = clean_items(items)
    with transaction.atomic():
        locked = _lock(application, by, "request_correction")
        today = _today()
        require_agency_window(locked, today)
        try:
            due_on = add_workdays(today, locked.plan.correction_workdays)
        except CalendarDataMissing as exc:
            raise ReviewError(str(exc), rule="R-04") from exc
        labels = correction_targets()
        summary = "；".join(f"{labels[i.target]}：{i.problem}" for i in cleaned)
        lifecycle.move(locked, "request_correction", by=by, reason=summary, due_on=due_on)
        notice = CorrectionNotice.objects.create(
            application=locked, version_number=locked.version_count, created_by=by, due_on=due_on
        )
        CorrectionItem.objects.bulk_create(
            CorrectionItem(notice=notice, target=i.target, problem=i.problem, requirement=i.requirement)
            for i in cleaned
        )
        queue_sms(
            locked.applicant.phone,
            "correction_requested",
            {
                "name": locked.applicant.real_name,
                "number": locked.number,
                "committee": locked.committee.name,
                "deadline": cn_date(due_on),
            },
            about=locked,
        )
    application.refresh_from_db()
    return notice


def approve_application(application: Application, *, by: User, payment_due_on: datetime.date) -> FeeNotice:
    """Pass the first review and issue the fee notice with the agency's payment deadline (R-50, R-51)."""
    with transaction.atomic():
        locked = _lock(application, by, "approve")
        require_agency_window(locked, _today())
        try:
            notice = fees.issue_fee_notice(locked, by=by, due_on=payment_due_on)
        except fees.FeeError as exc:
            raise ReviewError(exc.message, rule=exc.rule, field=exc.field) from exc
        lifecycle.move(locked, "approve", by=by, reason=f"评审费{notice.amount}元", due_on=payment_due_on)
        queue_sms(
            locked.applicant.phone,
            "application_approved",
            {
                "name": locked.applicant.real_name,
                "number": locked.number,
                "committee": locked.committee.name,
                "fee": f"{notice.amount:.2f}",
                "deadline": cn_date(payment_due_on),
            },
            about=locked,
        )
    application.refresh_from_db()
    return notice
