"""The 电子职称证书 and the 电子职称评价结果通知书 as A4 PDFs (WeasyPrint, CJK fonts), sealed with a PAdES signature.

PAdES baseline (SubFilter ETSI.CAdES.detached): B-B always, B-T with a time stamp when TSA_URL is set, B-LT when the
signer's chain is known (keys.signing_chain): its certificates and CRLs go into the document security store (DSS).
The signer is loaded once per process (file key or PKCS#11 session), not once per certificate.
"""

import contextlib
import hashlib
import io
import math
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pkcs11
import segno
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings
from django.template.loader import render_to_string
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from zhicheng.certificates.keys import ISSUER_NAME, Chain, signer_files, signing_chain
from zhicheng.certificates.models import Certificate

SIGNATURE_FIELD = "BureauSeal"
# Room for the CMS signature (an RSA-3072 signature and the signer's certificate take about 2.5 KB); reserving it
# spares pyHanko a dry-run signature to measure it.
SIGNATURE_BYTES = 8192
TIMESTAMP_BYTES = 8192  # the TSA's token with its certificate chain
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
def _file_signer(key_path: str, cert_path: str, chain_path: str) -> KeptKeySigner:
    loaded = signers.SimpleSigner.load(key_path, cert_path, ca_chain_files=[chain_path] if chain_path else None)
    if loaded is None:
        raise ValueError(f"cannot load the signing key {key_path} and certificate {cert_path}")
    return KeptKeySigner(loaded)


@cache
def _token_signer(module: str, token: str, key_label: str, cert_path: str, chain_path: str) -> signers.Signer:
    """A signer whose key never leaves the PKCS#11 token; the session stays open for the life of the process."""
    criteria = TokenCriteria(label=token or None)
    try:
        session = open_pkcs11_session(module, token_criteria=criteria, user_pin=_token_pin())
    except pkcs11.exceptions.UserAlreadyLoggedIn:  # a login holds for every session of the process
        session = open_pkcs11_session(module, token_criteria=criteria)
    return PKCS11Signer(
        session,
        key_label=key_label,
        cert_label=None if cert_path else key_label,
        signing_cert=load_cert_from_pemder(cert_path) if cert_path else None,
        ca_chain=[load_cert_from_pemder(chain_path)] if chain_path else None,
    )


def _token_pin() -> str:
    if settings.CERTIFICATE_PKCS11_PIN_FILE:
        return Path(settings.CERTIFICATE_PKCS11_PIN_FILE).read_text().strip()
    return str(settings.CERTIFICATE_PKCS11_PIN)


_token_lock = threading.Lock()  # one PKCS#11 session is not to be used by two threads at once


def _signer(chain_path: str) -> signers.Signer:
    if settings.CERTIFICATE_PKCS11_MODULE:
        return _token_signer(
            settings.CERTIFICATE_PKCS11_MODULE,
            settings.CERTIFICATE_PKCS11_TOKEN,
            settings.CERTIFICATE_PKCS11_KEY_LABEL,
            settings.CERTIFICATE_CERT_FILE,
            chain_path,
        )
    key_path, cert_path = signer_files()
    return _file_signer(str(key_path), str(cert_path), chain_path)


def _chain_path() -> str:
    if settings.CERTIFICATE_CHAIN_FILE:
        return str(settings.CERTIFICATE_CHAIN_FILE)
    if settings.CERTIFICATE_KEY_FILE or settings.CERTIFICATE_PKCS11_MODULE:
        return ""
    return str(Path(settings.CERTIFICATE_KEY_DIR) / "dev-ca.cert.pem")


def _validation_context(chain: Chain) -> ValidationContext:
    """A fresh context for each signature, so no revocation answer is kept from one signature to the next."""
    return ValidationContext(
        trust_roots=chain.trust_roots,
        other_certs=chain.intermediates,
        crls=list(chain.crls),
        allow_fetching=chain.online,
        revocation_mode="hard-fail",
    )


def sign_pdf(data: bytes, *, reason: str) -> bytes:
    """The PDF with an invisible PAdES signature of the bureau: B-T with a time stamp, B-LT with validation data."""
    chain = signing_chain()
    signer = _signer(_chain_path())
    timestamper = timestamps.HTTPTimeStamper(settings.TSA_URL) if settings.TSA_URL else None
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    fields.append_signature_field(writer, fields.SigFieldSpec(SIGNATURE_FIELD))
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=reason,
        location="北京市",
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        embed_validation_info=chain is not None,
        validation_context=_validation_context(chain) if chain is not None else None,
    )
    out = io.BytesIO()
    reserved = SIGNATURE_BYTES + (TIMESTAMP_BYTES if timestamper is not None else 0)
    with _token_lock if settings.CERTIFICATE_PKCS11_MODULE else contextlib.nullcontext():
        signers.PdfSigner(metadata, signer=signer, timestamper=timestamper).sign_pdf(
            writer, output=out, bytes_reserved=reserved
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
