"""Use cases of the applicant's side: start, fill in, submit. One function per use case."""

import datetime
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.accounts.identity import birth_date_from_id, gender_from_id
from zhicheng.accounts.models import Organization, Role, User
from zhicheng.agency_review.models import CorrectionNotice
from zhicheng.agency_review.targets import target_label
from zhicheng.applications import lifecycle, snapshots
from zhicheng.applications.education import refresh_education_check
from zhicheng.applications.eligibility import Problem, check_before_submit
from zhicheng.applications.models import (
    ACTIVE_STATUSES,
    Achievement,
    Application,
    ApplicationVersion,
    Status,
    WorkHistory,
)
from zhicheng.audit import services as audit
from zhicheng.catalog.models import Committee, Plan, Specialty, Step
from zhicheng.catalog.selectors import committee_problems, window_for
from zhicheng.comparison.tasks import check_submitted_application
from zhicheng.core.errors import DomainError
from zhicheng.notifications.services import queue_sms

# A change to any of these asks the education-records adapter again (001 五(三)).
EDUCATION_FIELDS = frozenset({"education", "school", "graduated_on", "diploma_number"})


class ApplicationError(DomainError):
    """A refused use case, with the rule and field concerned for the API's structured errors."""


class SubmissionBlocked(ApplicationError):
    """Submission refused because conditions are unmet; carries every problem at once."""

    code = "ineligible"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"还有 {len(problems)} 项申报条件未满足，请按提示修改后再提交", rule=problems[0].rule)
        self.problems = problems


def _today() -> datetime.date:
    return timezone.localdate()


def _require_owner(application: Application, by: User) -> None:
    if application.applicant_id != by.pk:
        raise ApplicationError("只能操作本人的申报")


def _require_editable(application: Application) -> None:
    if not application.is_editable:
        raise ApplicationError(
            f"申报当前状态为“{application.get_status_display()}”，不能修改", rule="R-22", field="status"
        )


def open_targets(application: Application) -> frozenset[str] | None:
    """While in correction, the parts the latest correction notice lists; None when no such limit applies."""
    if application.status != Status.CORRECTION:
        return None
    notice = CorrectionNotice.objects.filter(application=application).order_by("-created_at", "-id").first()
    return frozenset(notice.items.values_list("target", flat=True)) if notice is not None else frozenset()


def require_open(application: Application, targets: set[str]) -> None:
    """Only the parts the correction notice lists reopen (R-41, R-42); refuse a change to anything else."""
    allowed = open_targets(application)
    closed = sorted(targets - allowed) if allowed is not None else []
    if closed:
        raise ApplicationError(
            f"补正期间只能修改补正告知列出的内容，“{target_label(closed[0])}”不在其中", rule="R-41", field=closed[0]
        )


@transaction.atomic
def start_application(
    *,
    by: User,
    plan: Plan,
    committee: Committee,
    level: str,
    specialty: Specialty | None = None,
    unit: Organization | None = None,
) -> Application:
    """Open a draft for the chosen committee and level; one active application per person per year."""
    if by.role != Role.APPLICANT:
        raise ApplicationError("只有申报人可以发起申报")
    problems = committee_problems(committee, level, _today(), unit.district if unit else None)
    if problems:
        rule, message = problems[0]
        raise ApplicationError(message, rule=rule, field="committee")
    if specialty is not None and specialty.series_id != committee.series_id:
        raise ApplicationError("所选专业不属于该评委会的系列", field="specialty")
    if Application.objects.filter(applicant=by, plan=plan, status__in=ACTIVE_STATUSES).exists():
        raise ApplicationError(f"您在{plan.year}年度已有一份有效申报，每人每年度只能申报一次", field="plan")
    application = Application(
        applicant=by,
        plan=plan,
        committee=committee,
        specialty=specialty or committee.specialty,
        level=level,
        unit=unit,
        birth_date=birth_date_from_id(by.id_type, by.id_number),
        gender=gender_from_id(by.id_type, by.id_number) or "",
        due_on=_window_close(plan, committee, Step.APPLY),
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:  # a concurrent request created one first
        raise ApplicationError(f"您在{plan.year}年度已有一份有效申报，每人每年度只能申报一次", field="plan") from exc
    audit.record(application, by=by, action="create", to_state=Status.DRAFT)
    return application


def _window_close(plan: Plan, committee: Committee, step: str) -> datetime.date | None:
    window = window_for(plan, committee.series, step)
    return window.closes_on if window is not None else None


@transaction.atomic
def update_application(application: Application, *, by: User, changes: dict[str, Any]) -> Application:
    """Save one section of the form (already validated by its form)."""
    _require_owner(application, by)
    _require_editable(application)
    require_open(application, {name for name, value in changes.items() if getattr(application, name) != value})
    for name, value in changes.items():
        setattr(application, name, value)
    application.save()
    if EDUCATION_FIELDS & changes.keys():
        refresh_education_check(application)
    return application


@transaction.atomic
def save_work_history(application: Application, *, by: User, row: WorkHistory) -> WorkHistory:
    _require_owner(application, by)
    _require_editable(application)
    require_open(application, {"work_history"})
    row.application = application
    row.save()
    return row


@transaction.atomic
def save_achievement(application: Application, *, by: User, row: Achievement) -> Achievement:
    _require_owner(application, by)
    _require_editable(application)
    require_open(application, {"achievements"})
    row.application = application
    row.save()
    return row


@transaction.atomic
def delete_row(application: Application, *, by: User, row: WorkHistory | Achievement) -> None:
    _require_owner(application, by)
    _require_editable(application)
    require_open(application, {"work_history" if isinstance(row, WorkHistory) else "achievements"})
    if row.application_id != application.pk:
        raise ApplicationError("该记录不属于此申报")
    row.delete()


def submission_deadline(application: Application) -> datetime.date | None:
    """The last day the applicant may submit in the current status (R-22; corrections use their own deadline)."""
    if application.status == Status.CORRECTION:
        return application.due_on
    return _window_close(application.plan, application.committee, Step.APPLY)


def submit_application(application: Application, *, by: User) -> ApplicationVersion:
    """Check everything again, freeze a numbered version, move to unit review and text the applicant (R-22, R-103)."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        _require_owner(locked, by)
        _require_editable(locked)
        _require_open_for_submission(locked)
        problems = check_before_submit(locked, on=_today())
        if problems:
            raise SubmissionBlocked(problems)
        snapshot = snapshots.build_snapshot(locked)
        version = ApplicationVersion.objects.create(
            application=locked,
            number=locked.version_count + 1,
            created_at=timezone.now(),
            snapshot=snapshot,
            digest=snapshots.digest(snapshot),
        )
        lifecycle.move(
            locked,
            "submit",
            by=by,
            reason=f"提交第{version.number}版",
            due_on=_window_close(locked.plan, locked.committee, Step.UNIT),
        )
        Application.objects.filter(pk=locked.pk).update(version_count=version.number, submitted_at=version.created_at)
        queue_sms(
            by.phone,
            "application_submitted",
            {"name": by.real_name, "number": locked.number, "committee": locked.committee.name},
            about=locked,
        )
        # Data comparison with every other application runs in the background once this is committed.
        transaction.on_commit(partial(check_submitted_application.enqueue, locked.pk))
    application.refresh_from_db()
    return version


def _require_open_for_submission(application: Application) -> None:
    deadline = submission_deadline(application)
    today = _today()
    if application.status == Status.CORRECTION:
        if deadline is not None and today > deadline:
            raise ApplicationError(f"补正期限已于{deadline:%Y年%m月%d日}截止", rule="R-43", field="status")
        return
    window = window_for(application.plan, application.committee.series, Step.APPLY)
    if window is None or not window.is_open_on(today):
        when = f"（{window.opens_on:%Y年%m月%d日}至{window.closes_on:%Y年%m月%d日}）" if window else ""
        raise ApplicationError(f"不在个人申报时间内{when}，不能提交", rule="R-22", field="status")


def version_changes(application: Application, number: int) -> list[snapshots.Change]:
    """What changed in version `number` against the version before it."""
    versions = {v.number: v for v in application.versions.filter(number__in=[number - 1, number])}
    if number not in versions:
        raise ApplicationError("该版本不存在")
    if number - 1 not in versions:
        return []
    return snapshots.diff(versions[number - 1].snapshot, versions[number].snapshot)
