"""Revoking a title obtained by fraud (R-92): audited, and published in a signed revocation list."""

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from zhicheng.applications.models import Status
from zhicheng.audit.services import history_for
from zhicheng.certificates import services
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.certificates.revocations import verify_revocation_list
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.tests.factories import agency_staff

from .factories import issued, issued_certificates

pytestmark = pytest.mark.django_db


def test_r92_revoking_needs_a_reason_and_moves_the_application(bureau):
    certificate = issued(bureau)

    with pytest.raises(DomainError, match="请填写撤销原因") as refused:
        services.revoke_certificate(certificate, by=bureau, reason="  ")
    assert refused.value.field == "reason"
    assert Certificate.objects.get().status == CertificateStatus.VALID

    services.revoke_certificate(certificate, by=bureau, reason="学历证书系伪造")

    certificate.refresh_from_db()
    assert (certificate.status, certificate.revoked_by, certificate.revoke_reason) == (
        CertificateStatus.REVOKED,
        bureau,
        "学历证书系伪造",
    )
    assert certificate.revoked_at is not None
    certificate.application.refresh_from_db()
    assert certificate.application.status == Status.REVOKED
    assert history_for(certificate.application).last().action == "revoke_title"
    event = history_for(certificate).last()
    assert (event.action, event.from_state, event.to_state, event.reason) == (
        "revoke_certificate",
        "valid",
        "revoked",
        "学历证书系伪造",
    )
    with pytest.raises(DomainError, match="已撤销"):
        services.revoke_certificate(certificate, by=bureau, reason="再次撤销")


def test_r92_only_the_bureau_revokes(bureau):
    certificate = issued(bureau)

    with pytest.raises(DomainError, match="只有市人社局"):
        services.revoke_certificate(certificate, by=agency_staff(certificate.application.committee), reason="造假")
    assert Certificate.objects.get().status == CertificateStatus.VALID


def test_r92_the_revocation_shows_in_the_signed_public_list(bureau, client):
    revoked, kept = issued_certificates(bureau, 2)
    services.revoke_certificate(revoked, by=bureau, reason="论文抄袭")
    revoked.refresh_from_db()

    listing = client.get("/certificates/revocations.json").json()
    published = load_pem_public_key(client.get("/certificates/public-key.pem").content)
    assert isinstance(published, ed25519.Ed25519PublicKey)

    assert listing["issuer"] == "北京市人力资源和社会保障局"
    assert listing["revoked"] == [
        {"number": revoked.number, "revoked_at": revoked.revoked_at.isoformat("T", "seconds")}
    ]
    assert kept.number not in str(listing)
    assert verify_revocation_list(listing, published)
    assert client.get("/api/v1/certificates/revocations").json()["revoked"] == listing["revoked"]


def test_r92_an_altered_revocation_list_fails_its_signature(bureau, client):
    certificate = issued(bureau)
    services.revoke_certificate(certificate, by=bureau, reason="论文抄袭")
    listing = client.get("/certificates/revocations.json").json()

    assert verify_revocation_list(listing)
    assert not verify_revocation_list({**listing, "revoked": []})
    assert not verify_revocation_list({**listing, "issued_at": "2030-01-01T00:00:00+08:00"})
    assert not verify_revocation_list({**listing, "signature": listing["signature"][:-4] + "AAAA"})
    other = ed25519.Ed25519PrivateKey.generate().public_key()
    assert not verify_revocation_list(listing, other)
