import pytest

from zhicheng.accounts.models import OrgKind, Role
from zhicheng.accounts.tests.factories import OrganizationFactory, UserFactory
from zhicheng.evaluations.tests.factories import bureau_staff
from zhicheng.panels.tests.factories import session_with_panels


@pytest.fixture
def session(db):
    """Six experts in two panels of three, four intermediate applications, two per panel."""
    return session_with_panels()


@pytest.fixture
def agency(session):
    return session.created_by


@pytest.fixture
def other_agency(db):
    """Staff of another review agency."""
    org = OrganizationFactory(kind=OrgKind.AGENCY, name="北京市另一评审服务中心", ownership="")
    return UserFactory(role=Role.AGENCY, organization=org, real_name="他人机构经办人")


@pytest.fixture
def bureau(db):
    return bureau_staff()


@pytest.fixture
def panel_a(session):
    return session.panels.order_by("id")[0]


@pytest.fixture
def panel_b(session):
    return session.panels.order_by("id")[1]
