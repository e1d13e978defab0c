"""Use cases of the employer unit's HR and the association (R-30…R-34). One function per use case."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application, Status
from zhicheng.applications.selectors import can_see_application
from zhicheng.audit import services as audit
from zhicheng.catalog.models import Step, Window
from zhicheng.catalog.selectors import cn_date, window_for
from zhicheng.core.errors import DomainError
from zhicheng.notifications.services import queue_sms
from zhicheng.unit_review.models import Objection, ObjectionStatus, Posting, Recommendation
from zhicheng.workdays.services import CalendarDataMissing, workday_span_end

POSTING_WORKDAYS = 5  # 不少于5个工作日
REVIEWER_ROLES = (Role.UNIT_HR, Role.ASSOCIATION)


class ReviewError(DomainError):
    """A refused unit action, with the rule and field concerned for the API's structured errors."""


@dataclass(frozen=True)
class BulkResult:
    application: Application
    ok: bool
    message: str


def _today() -> datetime.date:
    return timezone.localdate()


def unit_window(application: Application) -> Window | None:
    return window_for(application.plan, application.committee.series, Step.UNIT)


def _window_text(window: Window) -> str:
    return f"{cn_date(window.opens_on)}至{cn_date(window.closes_on)}"


def _require_reviewer(application: Application, by: User) -> None:
    """Only the unit's HR or the association that holds the application, never on their own (R-30, R-34)."""
    if by.role not in REVIEWER_ROLES or not can_see_application(by, application):
        raise ReviewError("您无权处理该申报")


def _require_unit_window(application: Application) -> Window:
    """Every unit action happens inside the unit window of the committee's series (R-33)."""
    window = unit_window(application)
    series = application.committee.series.name
    if window is None:
        raise ReviewError(f"{application.plan.year}年度{series}系列尚未安排单位审核推荐时间", rule="R-33")
    today = _today()
    if today < window.opens_on:
        raise ReviewError(f"{series}系列单位审核推荐时间为{_window_text(window)}，尚未开始", rule="R-33")
    if today > window.closes_on:
        raise ReviewError(f"{series}系列单位审核推荐时间为{_window_text(window)}，已截止，不能再办理", rule="R-33")
    return window


def _require_status(application: Application, name: str) -> None:
    if application.status not in lifecycle.MOVES[name].sources:
        raise ReviewError(str(lifecycle.MoveNotAllowed(name, application.status)), field="status")


def _lock(application: Application) -> Application:
    """The application row locked for this transaction, with the relations the checks read."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant", "plan", "committee__series")
        .get(pk=application.pk)
    )


def _refresh(application: Application, locked: Application) -> Application:
    application.status = locked.status
    application.due_on = locked.due_on
    return application


def latest_posting(application: Application) -> Posting | None:
    return Posting.objects.filter(application=application).order_by("-id").first()


def _window_close(application: Application, step: str) -> datetime.date | None:
    window = window_for(application.plan, application.committee.series, step)
    return window.closes_on if window is not None else None


@transaction.atomic
def return_to_applicant(application: Application, *, by: User, reason: str) -> Application:
    """Send a submitted application back to the applicant with the reason; the applicant is texted (R-103)."""
    locked = _lock(application)
    _require_reviewer(locked, by)
    reason = reason.strip()
    if not reason:
        raise ReviewError("请填写退回原因", field="reason")
    _require_status(locked, "unit_return")
    _require_unit_window(locked)
    deadline = _window_close(locked, Step.APPLY)
    lifecycle.move(locked, "unit_return", by=by, reason=reason, due_on=deadline)
    queue_sms(
        locked.applicant.phone,
        "application_returned",
        {
            "name": locked.applicant.real_name,
            "number": locked.number,
            "committee": locked.committee.name,
            "deadline": cn_date(deadline) if deadline else "申报截止日",
        },
        about=locked,
    )
    return _refresh(application, locked)


def posting_end(starts_on: datetime.date) -> datetime.date:
    """The last day of a posting that starts on the day: 5 whole working days (R-05, R-30)."""
    try:
        return workday_span_end(starts_on, POSTING_WORKDAYS)
    except CalendarDataMissing as exc:
        raise ReviewError(str(exc), rule="R-04", field="starts_on") from exc


@transaction.atomic
def start_posting(application: Application, *, by: User, starts_on: datetime.date) -> Posting:
    """Post the latest submitted version inside the unit for at least 5 working days from the chosen day (R-30)."""
    locked = _lock(application)
    _require_reviewer(locked, by)
    _require_status(locked, "start_posting")
    window = _require_unit_window(locked)
    if starts_on < _today():
        raise ReviewError("公示开始日期不能早于今天", rule="R-30", field="starts_on")
    if starts_on > window.closes_on:
        raise ReviewError(
            f"公示开始日期须在单位审核推荐时间（{_window_text(window)}）内", rule="R-33", field="starts_on"
        )
    ends_on = posting_end(starts_on)
    if ends_on >= window.closes_on:
        raise ReviewError(
            f"自{cn_date(starts_on)}起公示5个工作日将于{cn_date(ends_on)}结束，公示结束后须在"
            f"{cn_date(window.closes_on)}前推荐，请提前开始公示",
            rule="R-33",
            field="starts_on",
        )
    posting = Posting.objects.create(
        application=locked, version_number=locked.version_count, starts_on=starts_on, ends_on=ends_on, created_by=by
    )
    lifecycle.move(
        locked,
        "start_posting",
        by=by,
        reason=f"公示第{posting.version_number}版：{cn_date(starts_on)}至{cn_date(ends_on)}",
        due_on=window.closes_on,
    )
    _refresh(application, locked)
    return posting


def _require_current_posting(posting: Posting) -> Application:
    locked = _lock(posting.application)
    if locked.status != Status.UNIT_POSTING or latest_posting(locked) != posting:
        raise ReviewError("该公示已结束处理，不能再登记或处理异议", field="status")
    return locked


@transaction.atomic
def add_objection(
    posting: Posting, *, by: User, received_on: datetime.date, summary: str, raised_by: str = ""
) -> Objection:
    """Record an objection raised during the posting (R-31); it blocks the recommendation until resolved."""
    locked = _require_current_posting(posting)
    _require_reviewer(locked, by)
    _require_unit_window(locked)
    summary = summary.strip()
    if not summary:
        raise ReviewError("请填写异议内容", rule="R-31", field="summary")
    if not posting.starts_on <= received_on <= min(posting.ends_on, _today()):
        raise ReviewError(
            f"异议须在公示期内（{cn_date(posting.starts_on)}至{cn_date(posting.ends_on)}）提出，且收到日期不能晚于今天",
            rule="R-31",
            field="received_on",
        )
    objection = Objection.objects.create(
        posting=posting, received_on=received_on, summary=summary, raised_by=raised_by.strip(), recorded_by=by
    )
    audit.record(locked, by=by, action="objection_recorded", reason=summary, data={"objection": objection.pk})
    return objection


@transaction.atomic
def resolve_objection(objection: Objection, *, by: User, resolution: str) -> Objection:
    """Write down how the objection was dealt with (R-31)."""
    locked = _require_current_posting(objection.posting)
    _require_reviewer(locked, by)
    _require_unit_window(locked)
    resolution = resolution.strip()
    if not resolution:
        raise ReviewError("请填写处理结果", rule="R-31", field="resolution")
    updated = Objection.objects.filter(pk=objection.pk, status=ObjectionStatus.OPEN).update(
        status=ObjectionStatus.RESOLVED, resolution=resolution, resolved_at=timezone.now(), resolved_by=by
    )
    if updated != 1:
        raise ReviewError("该异议已处理", field="status")
    objection.refresh_from_db()
    audit.record(locked, by=by, action="objection_resolved", reason=resolution, data={"objection": objection.pk})
    return objection


def _require_opinion(opinion: str) -> str:
    opinion = opinion.strip()
    if not opinion:
        raise ReviewError("请填写单位推荐意见", rule="R-32", field="opinion")
    return opinion


@transaction.atomic
def recommend(application: Application, *, by: User, opinion: str) -> Recommendation:
    """Recommend after the posting has ended with no open objection (R-31, R-32); the agency reviews next."""
    locked = _lock(application)
    _require_reviewer(locked, by)
    opinion = _require_opinion(opinion)
    _require_status(locked, "recommend")
    _require_unit_window(locked)
    posting = latest_posting(locked)
    if posting is None or _today() <= posting.ends_on:
        ends = f"（公示至{cn_date(posting.ends_on)}）" if posting else ""
        raise ReviewError(f"公示期满后方可推荐{ends}", rule="R-30", field="status")
    if posting.objections.filter(status=ObjectionStatus.OPEN).exists():
        raise ReviewError("公示期间收到的异议尚未处理完毕，不能推荐", rule="R-31", field="status")
    # 直通车 applications go to the district bureau's recommendation committee first (2021 公告 二.5).
    move = "recommend_to_district" if locked.is_fast_track else "recommend"
    return _recommend(locked, application, by=by, opinion=opinion, move=move)


@transaction.atomic
def recommend_again(application: Application, *, by: User, opinion: str) -> Recommendation:
    """After a correction that changed nothing material, recommend the new version without a new posting (R-42)."""
    locked = _lock(application)
    _require_reviewer(locked, by)
    opinion = _require_opinion(opinion)
    _require_status(locked, "recommend_again")
    _require_unit_window(locked)
    if locked.version_count < 2 or not Recommendation.objects.filter(application=locked).exists():
        raise ReviewError("该申报尚未经单位公示和推荐，须先进行公示", rule="R-30", field="status")
    return _recommend(locked, application, by=by, opinion=opinion, move="recommend_again")


def _recommend(locked: Application, application: Application, *, by: User, opinion: str, move: str) -> Recommendation:
    recommendation = Recommendation.objects.create(
        application=locked,
        version_number=locked.version_count,
        opinion=opinion,
        again=move == "recommend_again",
        author=by,
    )
    lifecycle.move(locked, move, by=by, reason=opinion, due_on=_window_close(locked, Step.AGENCY))
    _refresh(application, locked)
    return recommendation


def _each(applications: Iterable[Application], action: Callable[[Application], object], done: str) -> list[BulkResult]:
    """Run one action per application, each in its own transaction; a refusal does not stop the others."""
    results = []
    for application in applications:
        try:
            action(application)
        except (ReviewError, lifecycle.MoveNotAllowed) as exc:
            results.append(BulkResult(application, False, getattr(exc, "message", str(exc))))
        else:
            results.append(BulkResult(application, True, done))
    return results


def bulk_start_posting(applications: Iterable[Application], *, by: User, starts_on: datetime.date) -> list[BulkResult]:
    return _each(applications, lambda a: start_posting(a, by=by, starts_on=starts_on), "已开始公示")


def bulk_recommend(applications: Iterable[Application], *, by: User, opinion: str) -> list[BulkResult]:
    return _each(applications, lambda a: recommend(a, by=by, opinion=opinion), "已推荐上报")
