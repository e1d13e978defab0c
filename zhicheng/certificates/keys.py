"""The bureau's keys: an RSA key and certificate that sign the PDFs (PAdES), an Ed25519 key for QR payloads.

Production sets the CERTIFICATE_* paths; without them a development pair is made once under DATA_DIR/keys.
"""

import datetime
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings

ISSUER_NAME = "北京市人力资源和社会保障局"


def _write_private(path: Path, key: rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    path.chmod(0o600)


def _development_signer(directory: Path) -> tuple[Path, Path]:
    """A self-signed RSA-3072 certificate for development and tests, made once."""
    key_path, cert_path = directory / "signer.key.pem", directory / "signer.cert.pem"
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ISSUER_NAME),
            x509.NameAttribute(NameOID.COMMON_NAME, "北京市人社局职称证书签章（开发用）"),  # CN ≤ 64 bytes
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, key)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


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
