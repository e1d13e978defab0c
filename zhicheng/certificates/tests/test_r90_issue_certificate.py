"""Issuing one certificate (R-90): a snapshot of the confirmed result, two PAdES-signed PDFs, an SMS."""

import datetime
import hashlib
import re

import pytest
import time_machine
from django.utils import timezone
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import SignatureCoverageLevel

from zhicheng.applications.models import Application, Status
from zhicheng.audit.services import history_for
from zhicheng.certificates import records
from zhicheng.certificates.issuing import NUMBER_ALPHABET, issue_certificate
from zhicheng.certificates.models import Certificate
from zhicheng.core.errors import DomainError
from zhicheng.notifications.models import SmsMessage

from .factories import confirmed, file_bytes, pdf_text, signature_status

pytestmark = pytest.mark.django_db


def test_r90_certificate_is_a_snapshot_of_the_confirmed_result(bureau):
    confirm_day = datetime.datetime(2024, 10, 14, 10, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(confirm_day, tick=False):
        (application,) = confirmed(bureau)

    certificate = issue_certificate(application)

    applicant = application.applicant
    assert re.fullmatch(rf"京{application.plan.year}[{NUMBER_ALPHABET}]{{12}}", certificate.number)
    assert certificate.holder == applicant
    assert certificate.holder_name == applicant.real_name
    assert certificate.masked_id_number == applicant.masked_id_number != applicant.id_number
    assert certificate.series_name == application.committee.series.name
    assert certificate.committee_name == application.committee.name
    assert certificate.level == application.level
    assert certificate.approved_on == datetime.date(2024, 10, 14)
    assert certificate.decision_digest == records.decision_record_digest(application)
    issued = history_for(certificate).get()
    assert (issued.action, issued.to_state, issued.data["pdf_sha256"]) == (
        "issue_certificate",
        "valid",
        certificate.pdf_sha256,
    )


def test_r90_both_pdfs_carry_a_valid_bureau_signature_over_the_whole_document(bureau):
    """The signed revision is the whole document; after it only validation data (the DSS of PAdES B-LT) follows."""
    (application,) = confirmed(bureau)
    certificate = issue_certificate(application)

    for field in (certificate.pdf, certificate.notice_pdf):
        status = signature_status(file_bytes(field))
        assert (status.intact, status.valid, status.trusted, status.bottom_line) == (True, True, True, True)
        assert status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        assert status.modification_level == ModificationLevel.LTA_UPDATES


def test_r90_one_flipped_byte_inside_the_signed_range_breaks_the_signature(bureau):
    certificate = issue_certificate(confirmed(bureau)[0])
    data = bytearray(file_bytes(certificate.pdf))
    signed_to = int(re.search(rb"/ByteRange \[\s*0\s+(\d+)", data).group(1))
    content = data.index(b"stream") + 40  # a byte inside the first page content stream
    assert content < signed_to
    data[content] ^= 0x01

    status = signature_status(bytes(data))

    assert not status.intact
    assert not status.bottom_line


def test_r90_stored_digests_match_the_files(bureau):
    certificate = issue_certificate(confirmed(bureau)[0])

    assert hashlib.sha256(file_bytes(certificate.pdf)).hexdigest() == certificate.pdf_sha256
    assert hashlib.sha256(file_bytes(certificate.notice_pdf)).hexdigest() == certificate.notice_sha256


def test_r90_the_pdfs_show_number_name_and_masked_id_but_no_full_id_or_phone(bureau):
    (application,) = confirmed(bureau)
    certificate = issue_certificate(application)
    applicant = application.applicant

    for field, title in ((certificate.pdf, "职 称 证 书"), (certificate.notice_pdf, "职称评价结果通知书")):
        text = pdf_text(file_bytes(field))
        flat = re.sub(r"\s+", "", text)
        assert title.replace(" ", "") in flat
        assert certificate.number in flat
        assert applicant.real_name in flat
        assert applicant.masked_id_number in flat
        assert applicant.id_number not in flat
        assert applicant.phone not in flat
        assert certificate.decision_digest in flat


def test_r90_the_holder_gets_an_sms_with_the_number(bureau, django_capture_on_commit_callbacks):
    (application,) = confirmed(bureau)
    with django_capture_on_commit_callbacks():
        certificate = issue_certificate(application)

    sms = SmsMessage.objects.get(template_id="certificate_issued")
    assert sms.phone == application.applicant.phone
    assert sms.params == {"name": application.applicant.real_name, "number": certificate.number}


def test_r90_only_a_confirmed_application_gets_a_certificate_and_only_once(bureau):
    (application,) = confirmed(bureau)
    Application.objects.filter(pk=application.pk).update(status=Status.ACCEPTED)
    with pytest.raises(DomainError, match="确认备案后方可制发证书"):
        issue_certificate(application)
    Application.objects.filter(pk=application.pk).update(status=Status.CONFIRMED)
    issue_certificate(application)

    with pytest.raises(DomainError, match="已制发"):
        issue_certificate(application)
    assert Certificate.objects.count() == 1
