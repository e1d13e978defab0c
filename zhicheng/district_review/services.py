"""Recording the district recommendation committee's decision on a 直通车 application."""

import datetime

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application, Status
from zhicheng.catalog.models import Step
from zhicheng.catalog.selectors import window_for
from zhicheng.core.errors import DomainError
from zhicheng.district_review.models import DistrictDecision


class DistrictReviewError(DomainError):
    """A refused district decision."""


@transaction.atomic
def record_decision(
    application: Application, *, by: User, meeting_on: datetime.date, is_recommended: bool, opinion: str
) -> DistrictDecision:
    """Store the committee's decision and pass the application to the agency, or close it as not recommended."""
    locked = (
        Application.objects.select_for_update(of=("self",))  # the unit join is nullable
        .select_related("unit", "committee__series", "plan")
        .get(pk=application.pk)
    )
    if by.role != Role.DISTRICT_BUREAU or locked.unit is None or by.organization is None:
        raise DistrictReviewError("只有参保单位所在区的人社局可以录入推荐结果")
    if locked.unit.district_id != by.organization.district_id:
        raise DistrictReviewError("只有参保单位所在区的人社局可以录入推荐结果")
    if locked.status != Status.DISTRICT_REVIEW:
        raise DistrictReviewError(f"申报当前状态为“{locked.get_status_display()}”，不能录入推荐结果")
    if meeting_on > timezone.localdate():
        raise DistrictReviewError("推委会会议日期不能晚于今天", field="meeting_on")
    opinion = opinion.strip()
    if not opinion:
        raise DistrictReviewError("请填写推荐意见", field="opinion")
    decision = DistrictDecision.objects.create(
        application=locked, meeting_on=meeting_on, is_recommended=is_recommended, opinion=opinion, decided_by=by
    )
    if is_recommended:
        window = window_for(locked.plan, locked.committee.series, Step.AGENCY)
        lifecycle.move(locked, "district_recommend", by=by, reason=opinion, due_on=window.closes_on if window else None)
    else:
        lifecycle.move(locked, "district_decline", by=by, reason=opinion)
    application.refresh_from_db()
    return decision
