"""The bureau's keys: an RSA key and certificate that sign the PDFs (PAdES), an Ed25519 key for QR payloads.

Production sets the CERTIFICATE_* paths (or a PKCS#11 token, see pdf.py); without them a development chain is made
once under DATA_DIR/keys: a CA, a signer certificate it issued with a CRL distribution point, and that CA's CRL,
so that development PDFs carry the same validation data (B-LT) as production ones.
"""

import datetime
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings

ISSUER_NAME = "北京市人力资源和社会保障局"
# Named in the development signer certificate; never fetched: the CRL it names is given to the validator offline.
DEV_CRL_URL = "http://127.0.0.1/zhicheng-dev-ca.crl"
DEV_CRL_DAYS = 30
# Development certificates and CRLs count from a fixed day, so that tests and demos set in the past still validate.
DEV_VALID_FROM = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def _write_private(path: Path, key: rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    path.chmod(0o600)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ISSUER_NAME),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),  # CN ≤ 64 bytes
        ]
    )


def _key_usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _development_ca(directory: Path) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key_path, cert_path = directory / "dev-ca.key.pem", directory / "dev-ca.cert.pem"
    if key_path.exists() and cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{key_path} is not an RSA private key")
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = _name("北京市人社局职称证书签章根证书（开发用）")
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(DEV_VALID_FROM)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(sign=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, key)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def _development_signer(directory: Path) -> tuple[Path, Path]:
    """An RSA-3072 signer certificate issued by the development CA, made once."""
    key_path, cert_path = directory / "dev-signer.key.pem", directory / "dev-signer.cert.pem"
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    ca_key, ca_cert = _development_ca(directory)
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    now = datetime.datetime.now(datetime.UTC)
    crl_point = x509.DistributionPoint([x509.UniformResourceIdentifier(DEV_CRL_URL)], None, None, None)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("北京市人社局职称证书签章（开发用）"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(DEV_VALID_FROM)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(sign=True, ca=False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.CRLDistributionPoints([crl_point]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    _write_private(key_path, key)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def _development_crl(directory: Path) -> Path:
    """The development CA's (empty) CRL, issued again when it has expired."""
    path = directory / "dev-ca.crl"
    now = datetime.datetime.now(datetime.UTC)
    if path.exists():
        current = x509.load_der_x509_crl(path.read_bytes())
        if current.next_update_utc is not None and current.next_update_utc > now + datetime.timedelta(days=1):
            return path
    ca_key, ca_cert = _development_ca(directory)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(DEV_VALID_FROM)
        .next_update(now + datetime.timedelta(days=DEV_CRL_DAYS))
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    # Another worker may be reading it: write aside, then replace in one step.
    fresh = path.with_suffix(f".{os.getpid()}.tmp")
    fresh.write_bytes(crl.public_bytes(serialization.Encoding.DER))
    fresh.replace(path)
    return path


@dataclass(frozen=True)
class Chain:
    """What a validator needs besides the signer certificate: CA certificates (trust roots are self-signed) and CRLs."""

    certificates: tuple[asn1_x509.Certificate, ...]
    crls: tuple[bytes, ...]
    online: bool

    @property
    def trust_roots(self) -> list[asn1_x509.Certificate]:
        return [c for c in self.certificates if c.self_signed == "maybe" or c.self_signed == "yes"]

    @property
    def intermediates(self) -> list[asn1_x509.Certificate]:
        return [c for c in self.certificates if c.self_signed == "no"]


def _pem_certificates(path: Path) -> tuple[asn1_x509.Certificate, ...]:
    return tuple(
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for c in x509.load_pem_x509_certificates(path.read_bytes())
    )


def _crl_der(path: Path) -> bytes:
    data = path.read_bytes()
    if data.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_crl(data).public_bytes(serialization.Encoding.DER)
    return data


def signing_chain() -> Chain | None:
    """The CA certificates and CRLs to embed (B-LT); None when production names no chain."""
    if settings.CERTIFICATE_CHAIN_FILE:
        return Chain(
            certificates=_pem_certificates(Path(settings.CERTIFICATE_CHAIN_FILE)),
            crls=tuple(_crl_der(Path(p.strip())) for p in settings.CERTIFICATE_CRL_FILES),
            online=settings.CERTIFICATE_REVOCATION_ONLINE,
        )
    if settings.CERTIFICATE_KEY_FILE or settings.CERTIFICATE_PKCS11_MODULE:
        return None
    directory = Path(settings.CERTIFICATE_KEY_DIR)
    _development_signer(directory)
    return Chain(
        certificates=_pem_certificates(directory / "dev-ca.cert.pem"),
        crls=(_development_crl(directory).read_bytes(),),
        online=False,
    )


def signer_files() -> tuple[Path, Path]:
    """Paths of the PDF signing key and certificate (PEM)."""
    if settings.CERTIFICATE_KEY_FILE and settings.CERTIFICATE_CERT_FILE:
        return Path(settings.CERTIFICATE_KEY_FILE), Path(settings.CERTIFICATE_CERT_FILE)
    return _development_signer(Path(settings.CERTIFICATE_KEY_DIR))


@cache
def _qr_key(path: str) -> ed25519.Ed25519PrivateKey:
    file = Path(path)
    if not file.exists():
        _write_private(file, ed25519.Ed25519PrivateKey.generate())
    key = serialization.load_pem_private_key(file.read_bytes(), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ValueError(f"{file} is not an Ed25519 private key")
    return key


def qr_private_key() -> ed25519.Ed25519PrivateKey:
    """The key that signs QR payloads and the revocation list."""
    return _qr_key(settings.CERTIFICATE_QR_KEY_FILE or str(Path(settings.CERTIFICATE_KEY_DIR) / "qr-ed25519.pem"))


def qr_public_key_pem() -> str:
    """The published public key with which anyone checks a QR payload or the revocation list offline."""
    public = qr_private_key().public_key()
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
