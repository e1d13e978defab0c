"""Fraud found during the procedure (R-24, R-25): the agency proposes, the bureau cancels the application.

Cancelling moves the application to 取消申报资格 through the lifecycle, writes the blacklist record (3 years,
and in serious cases the bar on title and post promotion), and tells the applicant by SMS.
"""

import datetime

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application
from zhicheng.audit import services as audit
from zhicheng.catalog.selectors import cn_date
from zhicheng.core.errors import DomainError
from zhicheng.integrity.models import RECORD_YEARS, CaseStatus, FraudCase, IntegrityRecord, RecordKind, add_years
from zhicheng.integrity.services import RecordError, file_record, store_evidence
from zhicheng.notifications.services import queue_sms

MAX_DECISION_NUMBER = 80


class FraudError(DomainError):
    """A refused proposal or decision; the message is shown as is."""


def _today() -> datetime.date:
    return timezone.localdate()


def _require_agency_of(application: Application, by: User) -> None:
    if by.role not in (Role.AGENCY, Role.DISTRICT_BUREAU) or not by.organization_id:
        raise FraudError("只有评审服务机构可以提出取消申报资格的建议", rule="R-25")
    if application.committee.agency_id != by.organization_id:
        raise FraudError("只能对本机构评委会的申报提出建议", rule="R-25")


def _require_bureau(by: User) -> None:
    if by.role != Role.BUREAU:
        raise FraudError("只有市人社局可以决定取消申报资格", rule="R-25")


@transaction.atomic
def propose_cancellation(
    application: Application,
    *,
    by: User,
    facts: str,
    evidence: File[bytes] | None = None,
    finding_id: int | None = None,
) -> FraudCase:
    """The agency's proposal, with the facts and an evidence file, that the bureau cancel the application."""
    _require_agency_of(application, by)
    facts = facts.strip()
    if not facts:
        raise FraudError("请写明弄虚作假的事实", rule="R-25", field="facts")
    if application.status not in lifecycle.FRAUD_CANCELLABLE:
        raise FraudError(f"当前状态为“{application.get_status_display()}”，不能提出取消申报资格", rule="R-25")
    case = FraudCase(application=application, facts=facts, proposed_by=by, finding_id=finding_id)
    try:
        store_evidence(case, evidence)
    except RecordError as exc:
        raise FraudError(str(exc), field="evidence") from exc
    if evidence is not None:
        case.evidence_name = (evidence.name or "证据")[:200]
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:
        raise FraudError("该申报已有待决定的取消申报资格建议", rule="R-25") from exc
    audit.record(case, by=by, action="propose_cancellation", to_state=CaseStatus.PROPOSED, reason=facts)
    return case


@transaction.atomic
def cancel_for_fraud(case: FraudCase, *, by: User, decision_number: str, is_serious: bool = False) -> IntegrityRecord:
    """Decide the proposal: cancel the application, put the applicant on the blacklist, send the SMS (R-25)."""
    _require_bureau(by)
    decision_number = decision_number.strip()
    if not decision_number:
        raise FraudError("请填写处理决定文号", rule="R-25", field="decision_number")
    if len(decision_number) > MAX_DECISION_NUMBER:
        raise FraudError(f"处理决定文号不能超过{MAX_DECISION_NUMBER}个字", field="decision_number")
    case = FraudCase.objects.select_for_update().select_related("application__applicant").get(pk=case.pk)
    if case.status != CaseStatus.PROPOSED:
        raise FraudError(f"该建议已{case.get_status_display()}", rule="R-25")
    application = case.application
    if hasattr(application, "certificate"):
        raise FraudError("该申报已制发职称证书，请通过撤销职称办理", rule="R-92")
    try:
        lifecycle.move(application, "cancel_for_fraud", by=by, reason=f"{decision_number}：{case.facts}")
    except lifecycle.MoveNotAllowed as exc:
        raise FraudError(str(exc), rule="R-25") from exc
    today = _today()
    applicant = application.applicant
    record = IntegrityRecord(
        id_number=applicant.id_number,
        name=applicant.real_name,
        kind=RecordKind.APPLICANT_FRAUD,
        reason=case.facts,
        recorded_on=today,
        expires_on=add_years(today, RECORD_YEARS),
        decision_number=decision_number,
        application=application,
        organization=application.unit,
        promotion_barred_until=add_years(today, RECORD_YEARS) if is_serious else None,
        evidence_sha256=case.evidence_sha256,
    )
    if case.evidence:
        record.evidence.name = case.evidence.name
    file_record(record, by=by)
    case.status = CaseStatus.CANCELLED
    case.decided_by = by
    case.decided_at = timezone.now()
    case.decision_number = decision_number
    case.is_serious = is_serious
    case.record = record
    case.save(update_fields=["status", "decided_by", "decided_at", "decision_number", "is_serious", "record"])
    audit.record(case, by=by, action="cancel_for_fraud", from_state=CaseStatus.PROPOSED, to_state=case.status)
    queue_sms(
        applicant.phone,
        "application_cancelled",
        {
            "name": applicant.real_name,
            "number": application.number,
            "decision": decision_number,
            "until": cn_date(record.expires_on),
        },
        about=application,
    )
    return record


@transaction.atomic
def dismiss_proposal(case: FraudCase, *, by: User, note: str) -> FraudCase:
    """The bureau finds no fraud: the application goes on where it was."""
    _require_bureau(by)
    note = note.strip()
    if not note:
        raise FraudError("请写明不予认定的理由", field="note")
    case = FraudCase.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.PROPOSED:
        raise FraudError(f"该建议已{case.get_status_display()}")
    case.status = CaseStatus.DISMISSED
    case.decided_by = by
    case.decided_at = timezone.now()
    case.decision_note = note
    case.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(case, by=by, action="dismiss_proposal", from_state=CaseStatus.PROPOSED, to_state=case.status)
    return case


def record_revoked_title(
    application: Application, *, by: User, reason: str, decision_number: str = ""
) -> IntegrityRecord:
    """A title revoked for fraud goes to the archive for 3 years, shared with the national platform (R-25)."""
    today = _today()
    applicant = application.applicant
    record = IntegrityRecord(
        id_number=applicant.id_number,
        name=applicant.real_name,
        kind=RecordKind.APPLICANT_FRAUD,
        reason=f"以不正当手段取得职称，已撤销：{reason}",
        recorded_on=today,
        expires_on=add_years(today, RECORD_YEARS),
        decision_number=decision_number,
        application=application,
        organization=application.unit,
    )
    return file_record(record, by=by)
