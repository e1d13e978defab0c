"""A test PKI made once per session: a CA with its CRL, the bureau's signer and a time-stamping authority.

The TSA is a real RFC 3161 service over HTTP on a free loopback port (a thread running pyHanko's DummyTimeStamper
with a TSA certificate of the test CA), so signing goes through the same HTTP client as in production.
"""

import datetime
import os
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps import DummyTimeStamper

CRL_URL = "http://127.0.0.1:9/zhicheng-test-ca.crl"  # named in the certificates; the CRL itself is given offline
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
VALID_FROM = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)  # tests travel back in time to issue


@dataclass(frozen=True)
class Pki:
    directory: Path
    ca_cert: Path
    crl: Path
    signer_key: Path
    signer_cert: Path
    tsa_key: rsa.RSAPrivateKey
    tsa_cert: x509.Certificate
    ca: x509.Certificate
    ca_key: rsa.RSAPrivateKey

    def asn1(self, cert: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key_bytes(key: rsa.RSAPrivateKey, encoding: serialization.Encoding) -> bytes:
    return key.private_bytes(encoding, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def make_pki(directory: Path) -> Pki:
    now = datetime.datetime.now(datetime.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("职称证书签章测试根证书"))
        .issuer_name(_name("职称证书签章测试根证书"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    def issue(common_name: str, key: rsa.RSAPrivateKey, *, time_stamping: bool) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(ca.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(VALID_FROM)
            .not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(
                x509.CRLDistributionPoints(
                    [x509.DistributionPoint([x509.UniformResourceIdentifier(CRL_URL)], None, None, None)]
                ),
                critical=False,
            )
        )
        if time_stamping:
            builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        else:
            builder = builder.add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
            )
        return builder.sign(ca_key, hashes.SHA256())

    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.subject)
        .last_update(VALID_FROM)
        .next_update(now + datetime.timedelta(days=30))
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.CRLNumber(1), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pki = Pki(
        directory=directory,
        ca_cert=directory / "ca.cert.pem",
        crl=directory / "ca.crl",
        signer_key=directory / "signer.key.pem",
        signer_cert=directory / "signer.cert.pem",
        tsa_key=tsa_key,
        tsa_cert=issue("职称证书测试时间戳服务", tsa_key, time_stamping=True),
        ca=ca,
        ca_key=ca_key,
    )
    pki.ca_cert.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.crl.write_bytes(crl.public_bytes(serialization.Encoding.DER))
    pki.signer_key.write_bytes(_key_bytes(signer_key, serialization.Encoding.PEM))
    pki.signer_cert.write_bytes(
        issue("北京市人社局职称证书签章（测试）", signer_key, time_stamping=False).public_bytes(
            serialization.Encoding.PEM
        )
    )
    return pki


def revoking_crl(pki: Pki, path: Path) -> Path:
    """A newer CRL of the test CA that revokes the bureau's signer certificate (a stolen or retired key)."""
    signer = x509.load_pem_x509_certificate(pki.signer_cert.read_bytes())
    now = datetime.datetime.now(datetime.UTC)
    revoked = (
        x509.RevokedCertificateBuilder()
        .serial_number(signer.serial_number)
        .revocation_date(now - datetime.timedelta(days=1))
        .build()
    )
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(pki.ca.subject)
        .last_update(VALID_FROM)
        .next_update(now + datetime.timedelta(days=30))
        .add_revoked_certificate(revoked)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(pki.ca_key.public_key()), critical=False)
        .add_extension(x509.CRLNumber(2), critical=False)
        .sign(pki.ca_key, hashes.SHA256())
    )
    path.write_bytes(crl.public_bytes(serialization.Encoding.DER))
    return path


@contextmanager
def running_tsa(pki: Pki) -> Iterator[str]:
    """An RFC 3161 time-stamping service on a free loopback port; yields its URL."""
    stamper = DummyTimeStamper(
        tsa_cert=pki.asn1(pki.tsa_cert),
        tsa_key=asn1_keys.PrivateKeyInfo.load(_key_bytes(pki.tsa_key, serialization.Encoding.DER)),
        certs_to_embed=[pki.asn1(pki.ca)],
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.headers.get("Content-Type") != "application/timestamp-query":
                self.send_error(415)
                return
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def softhsm_token(pki: Pki, directory: Path, *, label: str, pin: str, key_label: str) -> dict[str, str]:
    """A SoftHSM2 token in `directory` holding the signer's key; returns the environment that finds it."""
    tokens = directory / "tokens"
    tokens.mkdir()
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {"SOFTHSM2_CONF": str(conf)}
    init = ["--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", pin + "00"]
    key = ["--import", str(pki.signer_key), "--token", label, "--label", key_label, "--id", "01", "--pin", pin]
    for arguments in (init, key):
        subprocess.run(["softhsm2-util", *arguments], check=True, capture_output=True, env={**os.environ, **env})  # noqa: S603, S607
    return env
