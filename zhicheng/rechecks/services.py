"""Filing a re-check request and answering it (R-84). Neither changes the application's status."""

import contextlib
import datetime
from collections.abc import Iterator

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, Status
from zhicheng.audit import services as audit
from zhicheng.ballots.models import VoteResult
from zhicheng.catalog.selectors import cn_date
from zhicheng.core.errors import DomainError
from zhicheng.materials.validation import EXTENSIONS, CheckedFile, MaterialError, check_upload
from zhicheng.notifications.services import queue_sms
from zhicheng.rechecks.models import Outcome, Recheck, RecheckStatus
from zhicheng.rechecks.selectors import is_agency_of
from zhicheng.workdays.services import CalendarDataMissing, add_workdays

RULE = "R-84"
RESULT_STATUSES = frozenset({Status.PASSED, Status.ACCEPTED, Status.FAILED})


def result_decided_on(application: Application) -> datetime.date | None:
    """The local day the meeting's vote decided this application, or None before the vote."""
    decided_at = VoteResult.objects.filter(entry__application=application).values_list("decided_at", flat=True).first()
    return timezone.localdate(decided_at) if decided_at else None


def last_filing_day(application: Application) -> datetime.date | None:
    """The last day to ask for a re-check: plan.recheck_workdays working days after the vote's day.

    The day of the vote itself is not counted, as for every period counted in days (民法典第二百零一条).
    """
    decided_on = result_decided_on(application)
    if decided_on is None:
        return None
    return _add_workdays(decided_on, application.plan.recheck_workdays)


def check_may_file(application: Application, *, by: User) -> datetime.date:
    """Raise DomainError unless `by` may ask for a re-check of this application today; returns the last day."""
    if by.role != Role.APPLICANT or by.pk != application.applicant_id:
        raise DomainError("只有申报人本人可以对自己的评审结果申请复查", rule=RULE)
    last_day = last_filing_day(application)
    if application.status not in RESULT_STATUSES or last_day is None:
        raise DomainError("评审委员会表决产生评审结果后，才能申请复查", rule=RULE)
    if timezone.localdate() > last_day:
        raise DomainError(f"申请复查的期限已过：应在{cn_date(last_day)}（含）前提出，现已不能申请", rule=RULE)
    if Recheck.objects.filter(application=application, status=RecheckStatus.OPEN).exists():
        raise DomainError("您已提出复查申请，评审服务机构答复前不能再次提出", rule=RULE)
    return last_day


def file_recheck(application: Application, *, reason: str, evidence: File[bytes] | None, by: User) -> Recheck:
    """Record the applicant's request with optional evidence (PDF/JPG/PNG, checked by content)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写申请复查的理由", rule=RULE, field="reason")
    check_may_file(application, by=by)
    recheck = Recheck(application=application, reason=reason)
    checked = _checked(evidence)
    if checked is not None:
        recheck.evidence_name = f"复查证据材料{EXTENSIONS[checked.content_type]}"
        recheck.evidence_type = checked.content_type
        recheck.evidence_sha256 = checked.sha256
    with _file_removed_on_error(recheck), transaction.atomic():
        # Lock the application so that two requests sent at once cannot both be the open one.
        locked = Application.objects.select_for_update().select_related("plan").get(pk=application.pk)
        check_may_file(locked, by=by)
        recheck.due_on = _add_workdays(timezone.localdate(), locked.plan.recheck_answer_workdays)
        if checked is not None:
            # upload_to picks a random name; the name given here is never used on disk.
            recheck.evidence.save("evidence", checked.content, save=False)
        recheck.save()
        audit.record(
            recheck,
            by=by,
            action="file_recheck",
            to_state=RecheckStatus.OPEN,
            reason=reason,
            data={"application": application.pk, "evidence_sha256": recheck.evidence_sha256},
        )
    return recheck


def answer_recheck(recheck: Recheck, *, answer: str, outcome: str, by: User) -> Recheck:
    """The committee's agency answers; the applicant is told by SMS. The status of the application stays."""
    answer = answer.strip()
    if not is_agency_of(by, recheck.application):
        raise DomainError("只有该评委会的评审服务机构可以答复复查申请", rule=RULE)
    if not answer:
        raise DomainError("请填写答复意见", rule=RULE, field="answer")
    if outcome not in Outcome.values:
        raise DomainError("请选择复查结论", rule=RULE, field="outcome")
    now = timezone.now()
    with transaction.atomic():
        updated = Recheck.objects.filter(pk=recheck.pk, status=RecheckStatus.OPEN).update(
            status=RecheckStatus.ANSWERED, answer=answer, outcome=outcome, answered_by=by, answered_at=now
        )
        if updated != 1:
            raise DomainError("该复查申请已答复，不能重复答复", rule=RULE)
        recheck.refresh_from_db()
        audit.record(
            recheck,
            by=by,
            action="answer_recheck",
            from_state=RecheckStatus.OPEN,
            to_state=RecheckStatus.ANSWERED,
            reason=answer,
            data={"outcome": outcome},
        )
        application = recheck.application
        queue_sms(
            application.applicant.phone,
            "recheck_answered",
            {"name": application.applicant.real_name, "number": application.number},
            about=recheck,
        )
    return recheck


def _checked(evidence: File[bytes] | None) -> CheckedFile | None:
    if evidence is None:
        return None
    try:
        return check_upload(evidence)
    except MaterialError as exc:
        raise MaterialError(exc.message, code=exc.code, rule=exc.rule, field="evidence") from exc


def _add_workdays(day: datetime.date, n: int) -> datetime.date:
    try:
        return add_workdays(day, n)
    except CalendarDataMissing as exc:
        raise DomainError(str(exc), rule="R-04") from exc


@contextlib.contextmanager
def _file_removed_on_error(recheck: Recheck) -> Iterator[None]:
    """Nothing is kept of a refused request: an evidence file already written is removed again."""
    try:
        yield
    except BaseException:
        if recheck.evidence.name:
            default_storage.delete(recheck.evidence.name)
        raise
