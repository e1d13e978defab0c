"""Making certificates (R-90): one confirmed application at a time, and a batch of them in the background."""

import datetime
import logging
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import User
from zhicheng.applications.models import Application, Status
from zhicheng.audit import services as audit
from zhicheng.certificates import pdf, qr, records, selectors
from zhicheng.certificates.models import BatchStatus, Certificate, CertificateStatus, IssueBatch
from zhicheng.core.errors import DomainError
from zhicheng.core.masking import mask_id_number, mask_name
from zhicheng.notifications.services import queue_sms

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: a number read out over the phone or typed from paper is not misread.
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMBER_RANDOM_CHARS = 12


class AlreadyIssued(DomainError):
    """The application already has its certificate; a re-run of a batch skips it."""


def new_number(year: int) -> str:
    """京 + year + 12 random characters (about 59 bits): unguessable, so a number alone reveals nobody."""
    while True:
        number = f"京{year}" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_RANDOM_CHARS))
        if not Certificate.objects.filter(number=number).exists():
            return number


def approved_on(application: Application) -> datetime.date:
    """The day the bureau confirmed the result (its audit event), or today when there is none."""
    event = audit.history_for(application).filter(action="confirm_result").last()
    return timezone.localdate(event.at) if event is not None else timezone.localdate()


def _snapshot(application: Application, number: str) -> Certificate:
    applicant = application.applicant
    committee = application.committee
    specialty = application.specialty or committee.specialty
    approved = approved_on(application)
    certificate = Certificate(
        number=number,
        application=application,
        holder=applicant,
        holder_name=applicant.real_name,
        masked_id_number=mask_id_number(applicant.id_number),
        series_name=committee.series.name,
        specialty_name=specialty.name if specialty is not None else "",
        level=application.level,
        committee_name=committee.name,
        approved_on=approved,
        issued_at=timezone.now(),
        decision_digest=records.decision_record_digest(application),
    )
    certificate.qr_payload = qr.sign_payload(
        {
            "n": number,
            "h": mask_name(applicant.real_name),
            "l": application.level,
            "s": CertificateStatus.VALID,
            "d": approved.isoformat(),
        }
    )
    return certificate


@transaction.atomic
def issue_certificate(application: Application, *, batch: IssueBatch | None = None) -> Certificate:
    """Issue the signed certificate and result notice of one confirmed application; SMS the holder."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant", "plan", "committee__series", "committee__specialty", "specialty")
        .get(pk=application.pk)
    )
    if Certificate.objects.filter(application=application).exists():
        raise AlreadyIssued(f"申报 {application.number} 的电子职称证书已制发", rule="R-90")
    if application.status != Status.CONFIRMED:
        raise DomainError(
            f"申报 {application.number} 的状态为“{application.get_status_display()}”，确认备案后方可制发证书",
            rule="R-90",
        )
    certificate = _snapshot(application, new_number(application.plan.year))
    certificate.batch = batch
    base_url = batch.base_url if batch is not None else ""
    certificate_pdf = pdf.render_certificate(certificate, base_url)
    notice_pdf = pdf.render_notice(certificate, base_url)
    certificate.pdf.save(f"{certificate.number}-certificate.pdf", ContentFile(certificate_pdf), save=False)
    certificate.pdf_sha256 = pdf.sha256_hex(certificate_pdf)
    certificate.notice_pdf.save(f"{certificate.number}-notice.pdf", ContentFile(notice_pdf), save=False)
    certificate.notice_sha256 = pdf.sha256_hex(notice_pdf)
    certificate.save()
    by = batch.created_by if batch is not None else None
    audit.record(
        certificate,
        by=by,
        action="issue_certificate",
        to_state=CertificateStatus.VALID,
        data={
            "application": application.pk,
            "batch": batch.pk if batch is not None else None,
            "pdf_sha256": certificate.pdf_sha256,
            "notice_sha256": certificate.notice_sha256,
            "decision_digest": certificate.decision_digest,
        },
    )
    phone = application.applicant.phone
    if phone:
        queue_sms(
            phone,
            "certificate_issued",
            {"name": certificate.holder_name, "number": certificate.number},
            about=certificate,
        )
    return certificate


def _set_status(batch: IssueBatch, status: BatchStatus, *, by: User | None, error: str = "") -> None:
    previous = batch.status
    batch.status = status
    batch.error = error
    if status in (BatchStatus.FINISHED, BatchStatus.FAILED):
        batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "error", "finished_at", "total", "done"])
    audit.record(batch, by=by, action=f"batch_{status}", from_state=previous, to_state=status, reason=error)


def run_batch(batch_id: int) -> IssueBatch:
    """Issue the batch's certificates one by one, counting progress.

    1. Count what is still to issue for the plan (a re-run skips applications that already have one).
    2. Issue each in its own transaction, so a failure keeps what was issued before it.
    3. On a failure, mark the batch failed with the error; otherwise finished.
    """
    batch = IssueBatch.objects.select_related("plan", "created_by").get(pk=batch_id)
    pending = list(selectors.pending_applications(batch.plan))
    batch.done = batch.certificates.count()
    batch.total = batch.done + len(pending)
    _set_status(batch, BatchStatus.RUNNING, by=None)
    try:
        for application in pending:
            try:
                issue_certificate(application, batch=batch)
            except AlreadyIssued:
                continue
            batch.done = batch.certificates.count()
            IssueBatch.objects.filter(pk=batch.pk).update(done=batch.done)
    except Exception as exc:
        logger.exception("certificate batch %s failed", batch.pk)
        batch.done = batch.certificates.count()
        _set_status(batch, BatchStatus.FAILED, by=None, error=f"{type(exc).__name__}: {exc}"[:2000])
        return batch
    _set_status(batch, BatchStatus.FINISHED, by=None)
    return batch


def fail_batch(batch: IssueBatch, *, error: str) -> None:
    """Mark a batch failed with the reason the bureau reads on its page (a stalled batch, see recovery.py)."""
    batch.done = batch.certificates.count()
    _set_status(batch, BatchStatus.FAILED, by=None, error=error)
