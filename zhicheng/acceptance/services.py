"""The bureau's acceptance of a reported session (R-80): run the checks, correct irregular results, accept."""

from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from zhicheng.acceptance.checks import ENTRY_CHECKS, Check, acceptance_checks
from zhicheng.acceptance.models import Acceptance, AcceptanceStatus, Correction
from zhicheng.accounts.models import Role, User
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application, Status
from zhicheng.audit import services as audit
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.models import EvaluationSession, SessionApplication, SessionStatus


class AcceptanceError(DomainError):
    """A refused acceptance action (R-80)."""


def _require_bureau(by: User) -> None:
    if by.role != Role.BUREAU:
        raise AcceptanceError("只有市人社局可以验收评审结果", rule="R-80")


def _open_acceptance(session: EvaluationSession) -> Acceptance:
    """Lock the session and return its pending acceptance; refuse unless it is reported and not yet accepted."""
    session = (
        EvaluationSession.objects.select_for_update(of=("self",)).select_related("committee", "plan").get(pk=session.pk)
    )
    if session.status != SessionStatus.REPORTED:
        raise AcceptanceError(
            f"评审会当前状态为“{session.get_status_display()}”，评审机构报送验收后方可验收", rule="R-80"
        )
    acceptance, _ = Acceptance.objects.get_or_create(session=session)
    if acceptance.is_accepted:
        raise AcceptanceError("该评审会的评审结果已验收", rule="R-80")
    acceptance.session = session
    return acceptance


def _store(acceptance: Acceptance, checks: list[Check]) -> None:
    acceptance.checks = [asdict(c) for c in checks]
    acceptance.checked_at = timezone.now()
    acceptance.save(update_fields=["checks", "checked_at"])


@transaction.atomic
def run_checks(session: EvaluationSession, *, by: User) -> Acceptance:
    """Run every acceptance check and keep the snapshot the page shows."""
    _require_bureau(by)
    acceptance = _open_acceptance(session)
    checks = acceptance_checks(acceptance.session)
    _store(acceptance, checks)
    audit.record(acceptance, by=by, action="run_checks", data={"failed": [c.code for c in checks if not c.ok]})
    return acceptance


@transaction.atomic
def correct_result(entry: SessionApplication, *, by: User, reason: str) -> Correction:
    """Correct an irregular passed result at acceptance: the application becomes failed, with the reason (R-80)."""
    _require_bureau(by)
    reason = reason.strip()
    if not reason:
        raise AcceptanceError("请填写纠正理由", rule="R-80", field="reason")
    acceptance = _open_acceptance(entry.session)
    application = Application.objects.get(pk=entry.application_id)
    try:
        lifecycle.move(application, "correct_result", by=by, reason=reason)
    except lifecycle.MoveNotAllowed as exc:
        raise AcceptanceError(str(exc), rule="R-80") from exc
    correction = Correction.objects.create(entry=entry, reason=reason, by=by)
    audit.record(
        acceptance,
        by=by,
        action="correct_result",
        reason=reason,
        data={"entry": entry.pk, "application": application.pk},
    )
    _store(acceptance, acceptance_checks(acceptance.session))
    return correction


def _refusal(failed: list[Check]) -> AcceptanceError:
    details = "；".join(f"{c.label}：{c.detail}" for c in failed)
    if any(c.code not in ENTRY_CHECKS for c in failed):
        return AcceptanceError(f"以下检查未通过，整场评审会不能验收——{details}", rule="R-80")
    return AcceptanceError(f"请先纠正以下申报后再验收——{details}", rule="R-80")


@transaction.atomic
def accept_session(session: EvaluationSession, *, by: User, note: str = "") -> Acceptance:
    """Accept the session's results when every check passes: each passed application becomes accepted (R-80)."""
    _require_bureau(by)
    acceptance = _open_acceptance(session)
    checks = acceptance_checks(acceptance.session)
    failed = [c for c in checks if not c.ok]
    if failed:
        raise _refusal(failed)
    passed = list(
        Application.objects.filter(evaluation__session_id=session.pk, status=Status.PASSED).select_related("plan")
    )
    try:
        lifecycle.move_many([(a, "accept_result", "评审结果验收通过") for a in passed], by=by)
    except lifecycle.MoveNotAllowed as exc:
        raise AcceptanceError(str(exc), rule="R-80") from exc
    acceptance.status = AcceptanceStatus.ACCEPTED
    acceptance.decided_by = by
    acceptance.decided_at = timezone.now()
    acceptance.note = note.strip()
    acceptance.save(update_fields=["status", "decided_by", "decided_at", "note"])
    _store(acceptance, checks)
    audit.record(
        acceptance,
        by=by,
        action="accept",
        from_state=AcceptanceStatus.PENDING,
        to_state=AcceptanceStatus.ACCEPTED,
        reason=acceptance.note,
        data={"accepted": len(passed)},
    )
    return acceptance
