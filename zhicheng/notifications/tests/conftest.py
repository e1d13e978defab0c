import pytest

from zhicheng.notifications.tests.providers import RecordingProvider


@pytest.fixture
def gateway(settings):
    """A recording SMS gateway; set .results to script failures."""
    settings.SMS_PROVIDER = "zhicheng.notifications.tests.providers.RecordingProvider"
    RecordingProvider.calls = []
    RecordingProvider.results = []
    return RecordingProvider
