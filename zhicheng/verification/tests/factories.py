"""Arrangements for verification tests: certificates filled in directly, as the issuing batch would."""

import datetime
import itertools

from zhicheng.applications.models import Application
from zhicheng.applications.tests.factories import ApplicationFactory
from zhicheng.ballots.tests.factories import closed
from zhicheng.certificates import qr, records
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.core.masking import mask_id_number, mask_name
from zhicheng.notifications.models import SmsMessage

FIXED_DIGEST = "a" * 64
ISSUED_AT = datetime.datetime(2024, 12, 20, 10, 0, tzinfo=datetime.UTC)
_numbers = itertools.count(1)


def certificate_for(application: Application, *, digest: str = FIXED_DIGEST) -> Certificate:
    """A valid certificate of the application, with a signed QR payload."""
    applicant = application.applicant
    number = f"京职证2024{next(_numbers):06d}"
    payload = qr.sign_payload(
        {"n": number, "h": mask_name(applicant.real_name), "l": application.level, "s": "valid", "d": "2024-12-20"}
    )
    return Certificate.objects.create(
        number=number,
        application=application,
        holder=applicant,
        holder_name=applicant.real_name,
        masked_id_number=mask_id_number(applicant.id_number),
        series_name=application.committee.series.name,
        specialty_name="软件工程",
        level=application.level,
        committee_name=application.committee.name,
        approved_on=datetime.date(2024, 12, 10),
        issued_at=ISSUED_AT,
        decision_digest=digest,
        qr_payload=payload,
        pdf="certificates/test.pdf",
        pdf_sha256="0" * 64,
        notice_pdf="certificates/test-notice.pdf",
        notice_sha256="0" * 64,
    )


def certificate(**application_fields: object) -> Certificate:
    """A certificate whose decision record is not checked (fixed digest)."""
    return certificate_for(ApplicationFactory(**application_fields))


def evaluated_certificate() -> Certificate:
    """A certificate of an application the committee voted on, carrying its real decision-record digest."""
    session = closed(experts=5, applications=1)
    application = session.entries.get().application
    return certificate_for(application, digest=records.decision_record_digest(application))


def revoke(cert: Certificate, at: datetime.datetime) -> Certificate:
    Certificate.objects.filter(pk=cert.pk).update(
        status=CertificateStatus.REVOKED, revoked_at=at, revoke_reason="弄虚作假"
    )
    cert.refresh_from_db()
    return cert


def last_code(phone: str) -> str:
    """The code in the newest SMS to the phone (the outbox keeps it until the message leaves)."""
    message = SmsMessage.objects.filter(template_id="verify_certificate_code").order_by("-id").first()
    assert message is not None
    assert message.phone == phone
    return str(message.params["code"])


def qr_url(cert: Certificate) -> str:
    return f"/verify/qr/?p={cert.qr_payload}"
