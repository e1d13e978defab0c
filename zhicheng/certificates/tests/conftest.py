import datetime
import logging

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from zhicheng.evaluations.tests.factories import bureau_staff


@pytest.fixture(scope="session")
def _key_dir(tmp_path_factory):
    """A self-signed signer made once for the session, given as production gives its own (CERTIFICATE_*_FILE)."""
    directory = tmp_path_factory.mktemp("keys")
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "北京市人社局职称证书签章（测试）")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    (directory / "signer.key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (directory / "signer.cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return directory


@pytest.fixture(autouse=True)
def _keys(settings, _key_dir):
    """Keys for the test session, never under DATA_DIR; the QR key is made there on first use."""
    settings.CERTIFICATE_KEY_DIR = _key_dir
    settings.CERTIFICATE_KEY_FILE = str(_key_dir / "signer.key.pem")
    settings.CERTIFICATE_CERT_FILE = str(_key_dir / "signer.cert.pem")
    settings.CERTIFICATE_QR_KEY_FILE = ""


@pytest.fixture(autouse=True)
def _quiet_pyhanko():
    """pyHanko logs a long traceback for a self-signed or broken signature; the tests assert on the outcome."""
    logger = logging.getLogger("pyhanko")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def bureau(db):
    return bureau_staff()
