import pytest


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    """The QR key is generated under the test's own directory."""
    settings.CERTIFICATE_KEY_DIR = tmp_path / "keys"
    settings.CERTIFICATE_QR_KEY_FILE = ""
