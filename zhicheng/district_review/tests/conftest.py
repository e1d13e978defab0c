import pytest

from zhicheng.catalog.tests.factories import CommitteeFactory, open_year


@pytest.fixture
def committee(db):
    return CommitteeFactory()


@pytest.fixture
def plan(committee):
    """This year's plan with every window open today and the committee in its catalog."""
    return open_year(committee)
