"""R-90 certificates are sealed as PAdES baseline: B-T with an RFC 3161 time stamp, B-LT with validation data.

Checked three ways: pyHanko's PDF validation (trust root, time stamp), pyHanko's AdES validation with nothing but
the validation data embedded in the PDF (no CRL given, nothing fetched), and poppler's pdfsig.
"""

import asyncio
import io
import subprocess

import pikepdf
import pytest
from asn1crypto.crl import CertificateList
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import ades, validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.errors import RevokedError
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager
from pyhanko_certvalidator.revinfo.archival import CRLContainer

from zhicheng.certificates import pdf, services
from zhicheng.certificates.issuing import issue_certificate, run_batch
from zhicheng.certificates.models import BatchStatus, Certificate
from zhicheng.certificates.tests.pki import revoking_crl

from .factories import confirmed, file_bytes, signature_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(bureau) -> Certificate:
    return issue_certificate(confirmed(bureau)[0])


def _signature(data: bytes):
    (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    return signature


def ades_with_embedded_data_only(data: bytes, settings, *, use_dss: bool = True):
    """AdES validation (ETSI EN 319 102-1 § 5.5) that may use the DSS of the file and nothing else."""
    reader = PdfFileReader(io.BytesIO(data))
    (signature,) = reader.embedded_signatures
    knowledge = LocalKnowledge()
    if use_dss:
        dss = DocumentSecurityStore.read_dss(reader)
        knowledge = LocalKnowledge(
            known_crls=[CRLContainer(crl_data=CertificateList.load(c.get_object().data)) for c in dss.crls],
            known_certs=list(dss.load_certs()),
        )
    spec = SignatureValidationSpec(
        cert_validation_policy=CertValidationPolicySpec(
            trust_manager=SimpleTrustManager.build(
                trust_roots=[load_cert_from_pemder(settings.CERTIFICATE_CHAIN_FILE)]
            ),
            revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO),
        ),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY),
        local_knowledge=knowledge,
    )
    return asyncio.run(
        ades.ades_with_time_validation(signature.signed_data, spec, raw_digest=signature.compute_digest())
    )


def test_r90_both_pdfs_are_etsi_cades_detached_with_a_trusted_time_stamp(certificate):
    for field in (certificate.pdf, certificate.notice_pdf):
        data = file_bytes(field)
        signature = _signature(data)
        status = signature_status(data)

        assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
        assert status.bottom_line
        assert status.timestamp_validity is not None  # B-T: an RFC 3161 signature time stamp
        assert status.timestamp_validity.trusted
        assert status.timestamp_validity.valid


def test_r90_validation_data_is_embedded_so_the_pdf_validates_offline(certificate, settings):
    data = file_bytes(certificate.pdf)
    reader = PdfFileReader(io.BytesIO(data))
    dss = DocumentSecurityStore.read_dss(reader)

    assert len(dss.crls) >= 1  # the CA's CRL, for the signer and the TSA certificates
    result = ades_with_embedded_data_only(data, settings)
    assert result.ades_subindic == AdESPassed.OK
    assert result.api_status.bottom_line


def test_r90_without_the_embedded_data_the_same_validation_cannot_conclude(certificate, settings):
    """The control: the DSS is what lets the signature be checked without the CA's servers (B-LT, not only B-T)."""
    result = ades_with_embedded_data_only(file_bytes(certificate.pdf), settings, use_dss=False)

    assert result.ades_subindic != AdESPassed.OK


def test_r90_pdfsig_finds_a_valid_pades_signature(certificate, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(file_bytes(certificate.pdf))

    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607

    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Signature Validation: Signature is Valid." in report
    assert "Signing Hash Algorithm: SHA-256" in report


def test_r90_pdfsig_finds_a_flipped_byte(certificate, tmp_path):
    data = bytearray(file_bytes(certificate.pdf))
    data[data.index(b"stream") + 40] ^= 0x01
    path = tmp_path / "tampered.pdf"
    path.write_bytes(bytes(data))

    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout  # noqa: S603, S607

    assert "Signature Validation: Signature is Valid." not in report


def test_r90_without_a_time_stamping_service_the_signature_has_no_time_stamp(bureau, settings):
    settings.TSA_URL = ""

    certificate = issue_certificate(confirmed(bureau)[0])

    status = signature_status(file_bytes(certificate.pdf))
    assert status.bottom_line
    assert status.timestamp_validity is None


def test_r90_the_signer_is_loaded_once_for_many_certificates(bureau):
    pdf._file_signer.cache_clear()

    for application in confirmed(bureau, count=3):
        issue_certificate(application)

    assert pdf._file_signer.cache_info().misses == 1  # six signatures, one key load
    assert pdf._file_signer.cache_info().hits == 5


def test_r90_a_revoked_signing_certificate_stops_issuing_and_stores_nothing(bureau, pki, settings, tmp_path):
    """The attack: keep signing with a key the CA has revoked. B-LT validates the signer first and refuses."""
    settings.CERTIFICATE_CRL_FILES = [str(revoking_crl(pki, tmp_path / "revoked.crl"))]
    (application,) = confirmed(bureau)

    with pytest.raises(SigningError) as refused:
        issue_certificate(application)

    assert isinstance(refused.value.__cause__, RevokedError)
    assert not Certificate.objects.exists()


def test_r90_an_unreachable_time_stamping_service_fails_the_batch_and_keeps_nothing_half_signed(bureau, settings):
    settings.TSA_URL = "http://127.0.0.1:9/tsa"  # the discard port: nothing listens
    plan = confirmed(bureau)[0].plan
    batch = services.start_batch(plan, by=bureau)

    batch = run_batch(batch.pk)

    assert batch.status == BatchStatus.FAILED
    assert not Certificate.objects.exists()


def test_r90_the_development_chain_signs_with_embedded_validation_data(settings, tmp_path):
    """Without CERTIFICATE_* a development CA, signer and CRL are made, and PDFs carry the same DSS as production's."""
    settings.CERTIFICATE_KEY_DIR = tmp_path
    settings.CERTIFICATE_KEY_FILE = settings.CERTIFICATE_CERT_FILE = settings.CERTIFICATE_CHAIN_FILE = ""
    settings.CERTIFICATE_CRL_FILES = []
    settings.TSA_URL = ""
    document = io.BytesIO()
    with pikepdf.new() as blank:
        blank.add_blank_page()
        blank.save(document)

    signed = pdf.sign_pdf(document.getvalue(), reason="测试")

    reader = PdfFileReader(io.BytesIO(signed))
    context = ValidationContext(
        trust_roots=[load_cert_from_pemder(str(tmp_path / "dev-ca.cert.pem"))],
        crls=[(tmp_path / "dev-ca.crl").read_bytes()],
        allow_fetching=False,
        revocation_mode="hard-fail",
    )
    (signature,) = reader.embedded_signatures
    assert validate_pdf_signature(signature, signer_validation_context=context).bottom_line
    assert len(DocumentSecurityStore.read_dss(reader).crls) == 1
