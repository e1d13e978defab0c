"""The bureau's certificate use cases: start an issue batch (R-90) and revoke a title (R-92)."""

from functools import partial

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications import lifecycle
from zhicheng.audit import services as audit
from zhicheng.catalog.models import Plan
from zhicheng.certificates import selectors
from zhicheng.certificates.models import BatchStatus, Certificate, CertificateStatus, IssueBatch
from zhicheng.certificates.tasks import issue_batch
from zhicheng.core.errors import DomainError
from zhicheng.integrity import fraud

MAX_REASON_CHARS = 200


def _require_bureau(by: User) -> None:
    if by.role != Role.BUREAU:
        raise DomainError("只有市人社局可以办理此事项")


@transaction.atomic
def start_batch(plan: Plan, *, by: User, base_url: str = "") -> IssueBatch:
    """Queue a batch for the plan's confirmed applications without a certificate; a background task issues them."""
    _require_bureau(by)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    running = selectors.active_batch(plan)
    if running is not None:
        raise DomainError(f"{plan}的第{running.pk}批证书正在制发，完成后再发起新批次", rule="R-90")
    total = selectors.pending_applications(plan).count()
    if total == 0:
        raise DomainError(f"{plan}没有已确认备案、尚未制发证书的申报", rule="R-90")
    batch = IssueBatch.objects.create(plan=plan, total=total, created_by=by, base_url=base_url)
    audit.record(
        batch, by=by, action="start_batch", to_state=BatchStatus.QUEUED, data={"plan": plan.pk, "total": total}
    )
    transaction.on_commit(partial(issue_batch.enqueue, batch.pk))
    return batch


@transaction.atomic
def revoke_certificate(certificate: Certificate, *, by: User, reason: str) -> Certificate:
    """Revoke a title obtained by fraud: the certificate shows revoked wherever it is verified (R-92)."""
    _require_bureau(by)
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写撤销原因", rule="R-92", field="reason")
    if len(reason) > MAX_REASON_CHARS:
        raise DomainError(f"撤销原因不能超过{MAX_REASON_CHARS}个字", rule="R-92", field="reason")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != CertificateStatus.VALID:
        raise DomainError(f"证书 {certificate.number} 已撤销", rule="R-92")
    try:
        lifecycle.move(certificate.application, "revoke_title", by=by, reason=reason)
    except lifecycle.MoveNotAllowed as exc:
        raise DomainError(str(exc), rule="R-92") from exc
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoke_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
    fraud.record_revoked_title(certificate.application, by=by, reason=reason)
    audit.record(
        certificate,
        by=by,
        action="revoke_certificate",
        from_state=CertificateStatus.VALID,
        to_state=CertificateStatus.REVOKED,
        reason=reason,
    )
    return certificate
