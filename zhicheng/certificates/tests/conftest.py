import logging

import pytest

from zhicheng.certificates.tests.pki import make_pki, running_tsa
from zhicheng.evaluations.tests.factories import bureau_staff


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    """The test CA, its CRL, the bureau's signer and a TSA, given as production gives its own (CERTIFICATE_*)."""
    return make_pki(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="session")
def tsa_url(pki):
    with running_tsa(pki) as url:
        yield url


@pytest.fixture(autouse=True)
def _keys(settings, pki, tsa_url):
    """Keys for the test session, never under DATA_DIR; the QR key is made there on first use. Signing is B-LT."""
    settings.CERTIFICATE_KEY_DIR = pki.directory
    settings.CERTIFICATE_KEY_FILE = str(pki.signer_key)
    settings.CERTIFICATE_CERT_FILE = str(pki.signer_cert)
    settings.CERTIFICATE_CHAIN_FILE = str(pki.ca_cert)
    settings.CERTIFICATE_CRL_FILES = [str(pki.crl)]
    settings.CERTIFICATE_QR_KEY_FILE = ""
    settings.TSA_URL = tsa_url


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
