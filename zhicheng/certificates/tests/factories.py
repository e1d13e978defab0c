"""Arrangements for certificate tests: results confirmed by the bureau after a real vote and signed minutes."""

import io
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models.fields.files import FieldFile
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from zhicheng.acceptance.tests.factories import applications, reported
from zhicheng.accounts.models import User
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application
from zhicheng.catalog.models import Plan
from zhicheng.certificates.issuing import issue_certificate
from zhicheng.certificates.models import Certificate


def confirmed(bureau: User, *, count: int = 1) -> list[Application]:
    """`count` applications that passed the vote, were accepted and confirmed by the bureau."""
    found = applications(reported(applications=count))
    for application in found:
        lifecycle.move(application, "accept_result", by=bureau)
        lifecycle.move(application, "confirm_result", by=bureau, reason="公示期满无异议")
    return found


def plan_of(application: Application) -> Plan:
    return application.plan


def issued_certificates(bureau: User, count: int) -> list[Certificate]:
    """Certificates issued directly, outside a batch, for `count` confirmed applications of one session."""
    return [issue_certificate(application) for application in confirmed(bureau, count=count)]


def issued(bureau: User) -> Certificate:
    return issued_certificates(bureau, 1)[0]


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S607
    return result.stdout.decode()


def file_bytes(field_file: FieldFile) -> bytes:
    with field_file.open("rb") as stored:
        data: bytes = stored.read()
    return data


def validation_context() -> ValidationContext:
    """The test CA as the only trust root, its CRL given offline, nothing fetched."""
    return ValidationContext(
        trust_roots=[load_cert_from_pemder(settings.CERTIFICATE_CHAIN_FILE)],
        crls=[Path(path).read_bytes() for path in settings.CERTIFICATE_CRL_FILES],
        allow_fetching=False,
        revocation_mode="hard-fail",
    )


def signature_status(data: bytes) -> Any:
    """pyHanko's validation of the PDF's one signature against the test CA."""
    (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    return validate_pdf_signature(
        signature, signer_validation_context=validation_context(), ts_validation_context=validation_context()
    )
