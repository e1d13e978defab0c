"""Personas of the expert-pool tests: the bureau officer, an agency and its committee, an outsider agency."""

import pytest

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import AgencyFactory, OrganizationFactory, UserFactory
from zhicheng.catalog.models import Series
from zhicheng.catalog.tests.factories import CommitteeFactory, SeriesFactory, SpecialtyFactory


@pytest.fixture
def series(db) -> Series:
    return SeriesFactory()


@pytest.fixture
def other_series(db) -> Series:
    return SeriesFactory(code="economics", name="经济", is_engineering=False)


@pytest.fixture
def committee(series):
    """A committee by series (minimum 25 experts) of 北京市工程技术评审服务中心."""
    return CommitteeFactory(series=series)


@pytest.fixture
def specialty_committee(committee):
    """A committee by specialty (minimum 11 experts) of the same agency."""
    return CommitteeFactory(series=committee.series, agency=committee.agency, specialty=SpecialtyFactory())


@pytest.fixture
def bureau(db):
    return UserFactory(role=Role.BUREAU, real_name="市局工作人员")


@pytest.fixture
def agency(committee):
    return UserFactory(role=Role.AGENCY, organization=committee.agency, real_name="评审机构经办人")


@pytest.fixture
def other_agency(other_series):
    """An agency whose committees evaluate another series."""
    committee = CommitteeFactory(series=other_series, agency=AgencyFactory(name="北京市经济评审服务中心"))
    return UserFactory(role=Role.AGENCY, organization=committee.agency, real_name="其他机构经办人")


@pytest.fixture
def unit_hr(db):
    return UserFactory(role=Role.UNIT_HR, organization=OrganizationFactory(), real_name="单位人事")
