"""The certificate's QR code (R-91): a signed payload that verifies offline, printed as the 网上查验 link."""

import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from zhicheng.certificates import qr
from zhicheng.certificates.issuing import issue_certificate
from zhicheng.certificates.keys import qr_public_key_pem
from zhicheng.certificates.models import IssueBatch
from zhicheng.core.masking import mask_name

from .factories import confirmed, file_bytes

pytestmark = pytest.mark.django_db


def test_r91_the_qr_payload_verifies_with_the_published_key(bureau, client):
    (application,) = confirmed(bureau)
    certificate = issue_certificate(application)
    published = load_pem_public_key(client.get("/certificates/public-key.pem").content)
    assert isinstance(published, ed25519.Ed25519PublicKey)

    fields = qr.verify_payload(certificate.qr_payload, published)

    assert fields == {
        "n": certificate.number,
        "h": mask_name(application.applicant.real_name),
        "l": application.level,
        "s": "valid",
        "d": certificate.approved_on.isoformat(),
    }
    assert client.get("/api/v1/certificates/public-key").content.decode() == qr_public_key_pem()


def test_r91_a_changed_payload_does_not_verify(bureau):
    certificate = issue_certificate(confirmed(bureau)[0])
    prefix, body, signature = certificate.qr_payload.split(".")
    forged = qr.sign_payload({"n": certificate.number, "h": "王*", "l": "senior_full", "s": "valid", "d": "2024-01-01"})

    assert qr.verify_payload(f"{prefix}.{forged.split('.')[1]}.{signature}") is None
    flipped = signature[:-3] + ("B" if signature[-3] == "A" else "A") + signature[-2:]
    assert qr.verify_payload(f"{prefix}.{body}.{flipped}") is None
    assert qr.verify_payload(certificate.qr_payload.replace("ZC1", "ZC2")) is None


def test_r91_the_printed_qr_code_opens_the_verify_page_with_the_payload(bureau, tmp_path):
    (application,) = confirmed(bureau)
    batch = IssueBatch.objects.create(plan=application.plan, created_by=bureau, base_url="https://zc.example.cn")
    certificate = issue_certificate(application, batch=batch)
    (tmp_path / "c.pdf").write_bytes(file_bytes(certificate.pdf))
    # Paths made by the test, tools from the system (poppler-utils, zbar-tools).
    subprocess.run(["pdftoppm", "-r", "150", "-png", tmp_path / "c.pdf", tmp_path / "page"], check=True)  # noqa: S603, S607

    scanned = subprocess.run(  # noqa: S603
        ["zbarimg", "-q", "--raw", tmp_path / "page-1.png"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout.strip()

    url = urlsplit(scanned)
    assert (url.scheme, url.netloc, url.path) == ("https", "zc.example.cn", "/verify/qr/")
    assert parse_qs(url.query)["p"] == [certificate.qr_payload]
