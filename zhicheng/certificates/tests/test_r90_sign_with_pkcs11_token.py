"""The bureau's key may live on a PKCS#11 token (an HSM): SoftHSM2 here, with the key imported and no key file set."""

import pytest
from pyhanko.sign.pkcs11 import PKCS11Error, PKCS11Signer

from zhicheng.certificates import pdf
from zhicheng.certificates.issuing import issue_certificate
from zhicheng.certificates.models import Certificate
from zhicheng.certificates.tests.pki import SOFTHSM_MODULE, softhsm_token

from .factories import confirmed, file_bytes, signature_status

pytestmark = pytest.mark.django_db

TOKEN = "zhicheng-test"
KEY_LABEL = "bureau-seal"
PIN = "246810"


@pytest.fixture(scope="session")
def token_env(pki, tmp_path_factory):
    return softhsm_token(pki, tmp_path_factory.mktemp("softhsm"), label=TOKEN, pin=PIN, key_label=KEY_LABEL)


@pytest.fixture
def on_token(settings, token_env, tmp_path, monkeypatch):
    """Production's settings for a token: module, token label, PIN file, key label; no CERTIFICATE_KEY_FILE."""
    for name, value in token_env.items():
        monkeypatch.setenv(name, value)
    pin_file = tmp_path / "pin"
    pin_file.write_text(PIN + "\n")
    settings.CERTIFICATE_KEY_FILE = ""
    settings.CERTIFICATE_PKCS11_MODULE = SOFTHSM_MODULE
    settings.CERTIFICATE_PKCS11_TOKEN = TOKEN
    settings.CERTIFICATE_PKCS11_PIN_FILE = str(pin_file)
    settings.CERTIFICATE_PKCS11_KEY_LABEL = KEY_LABEL


def test_r90_certificates_signed_with_the_token_key_validate_as_pades_b_lt(bureau, on_token, settings):
    certificate = issue_certificate(confirmed(bureau)[0])

    for field in (certificate.pdf, certificate.notice_pdf):
        status = signature_status(file_bytes(field))
        assert status.bottom_line
        assert status.timestamp_validity is not None
        assert status.timestamp_validity.trusted
        assert status.signing_cert.subject.native["common_name"] == "北京市人社局职称证书签章（测试）"
    assert isinstance(pdf._signer(settings.CERTIFICATE_CHAIN_FILE), PKCS11Signer)


def test_r90_the_token_session_is_opened_once_for_many_signatures(bureau, on_token):
    pdf._token_signer.cache_clear()

    for application in confirmed(bureau, count=2):
        issue_certificate(application)

    assert (pdf._token_signer.cache_info().misses, pdf._token_signer.cache_info().hits) == (1, 3)


def test_r90_a_key_missing_from_the_token_stops_issuing_and_stores_nothing(bureau, on_token, settings):
    settings.CERTIFICATE_PKCS11_KEY_LABEL = "no-such-key"
    (application,) = confirmed(bureau)

    with pytest.raises(PKCS11Error, match="no-such-key"):
        issue_certificate(application)

    assert not Certificate.objects.exists()
