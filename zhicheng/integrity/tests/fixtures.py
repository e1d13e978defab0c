"""Arrangements for the integrity tests: the bureau officer who decides."""

import pytest

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory


@pytest.fixture
def officer(db):
    """市局 officer who decides on fraud and keeps the archive."""
    return UserFactory(username="bureau", real_name="市局王科长", role=Role.BUREAU, is_staff=True)
