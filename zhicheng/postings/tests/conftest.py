import pytest

from .factories import POSTING_DAY, at, bureau_user


@pytest.fixture(autouse=True)
def _on_posting_day():
    """Every test starts on the morning of the posting day (the 2024 calendar data is loaded)."""
    with at(POSTING_DAY):
        yield


@pytest.fixture
def bureau(db):
    return bureau_user()
