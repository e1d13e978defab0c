"""The 电子职称证书 and the 电子职称评价结果通知书 as A4 PDFs (WeasyPrint, CJK fonts), sealed with a PAdES signature."""

import hashlib
import io
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import segno
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.template.loader import render_to_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.util import get_pyca_cryptography_hash
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from zhicheng.certificates.keys import ISSUER_NAME, signer_files
from zhicheng.certificates.models import Certificate

SIGNATURE_FIELD = "BureauSeal"
# Room for the CMS signature (an RSA-3072 signature and the signer's certificate take about 2.5 KB); reserving it
# spares pyHanko a dry-run signature to measure it.
SIGNATURE_BYTES = 8192
SEAL_LABEL = "职称评审专用章"


@dataclass(frozen=True)
class SealGlyph:
    char: str
    x: float
    y: float
    angle: float


def seal_glyphs(text: str = ISSUER_NAME, *, radius: float = 62, spread: float = 240) -> list[SealGlyph]:
    """The issuer's name set along the top of the round seal, centred at (80, 80), upright towards the centre."""
    step = spread / max(len(text) - 1, 1)
    glyphs = []
    for n, char in enumerate(text):
        angle = -spread / 2 + n * step
        rad = math.radians(angle)
        glyphs.append(SealGlyph(char, 80 + radius * math.sin(rad), 80 - radius * math.cos(rad), angle))
    return glyphs


def verify_url(certificate: Certificate, base_url: str = "") -> str:
    """The 网上查验 address the QR code opens (R-91); relative when no site address is known."""
    return f"{base_url.rstrip('/')}/verify/qr/?p={certificate.qr_payload}"


def _context(certificate: Certificate, base_url: str) -> dict[str, Any]:
    url = verify_url(certificate, base_url)
    return {
        "certificate": certificate,
        "issuer": ISSUER_NAME,
        "seal_glyphs": seal_glyphs(),
        "seal_label": SEAL_LABEL,
        "verify_url": url,
        "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=2),
    }


def _render(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, context)
    # Only the inline QR code (a data: URI) is loaded: nothing outside the template can be fetched.
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()
    return pdf


class KeptKeySigner(signers.SimpleSigner):
    """A SimpleSigner that parses its RSA key once: pyHanko re-parses and re-checks it (0.35 s) for every signature."""

    def __init__(self, loaded: signers.SimpleSigner) -> None:
        super().__init__(loaded.signing_cert, loaded.signing_key, loaded.cert_registry)
        key = serialization.load_der_private_key(loaded.signing_key.dump(), password=None)
        self.rsa_key = key if isinstance(key, RSAPrivateKey) else None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if self.rsa_key is None or mechanism != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)
        return self.rsa_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


@cache
def _signer(key_path: str, cert_path: str) -> KeptKeySigner:
    loaded = signers.SimpleSigner.load(key_path, cert_path)
    if loaded is None:
        raise ValueError(f"cannot load the signing key {key_path} and certificate {cert_path}")
    return KeptKeySigner(loaded)


def sign_pdf(data: bytes, *, reason: str) -> bytes:
    """The PDF with an invisible PAdES signature of the bureau over the whole file."""
    key_path, cert_path = signer_files()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    fields.append_signature_field(writer, fields.SigFieldSpec(SIGNATURE_FIELD))
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, reason=reason, location="北京市", md_algorithm="sha256"
    )
    out = io.BytesIO()
    signers.PdfSigner(metadata, signer=_signer(str(key_path), str(cert_path))).sign_pdf(
        writer, output=out, bytes_reserved=SIGNATURE_BYTES
    )
    return out.getvalue()


def render_certificate(certificate: Certificate, base_url: str = "") -> bytes:
    """电子职称证书, signed."""
    return sign_pdf(
        _render("certificates/certificate_pdf.html", _context(certificate, base_url)), reason="电子职称证书"
    )


def render_notice(certificate: Certificate, base_url: str = "") -> bytes:
    """电子职称评价结果通知书, signed."""
    return sign_pdf(
        _render("certificates/notice_pdf.html", _context(certificate, base_url)), reason="职称评价结果通知书"
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
