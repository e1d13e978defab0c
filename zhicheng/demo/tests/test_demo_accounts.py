"""The demo's accounts: staff of every role with a second factor, the expert pool, applicants with valid IDs."""

import pytest
from django.contrib.auth import authenticate

from zhicheng.accounts.identity import birth_date_from_id, validate_id_number
from zhicheng.accounts.models import STAFF_ROLES, IdType, Role, User
from zhicheng.accounts.services import current_totp_code
from zhicheng.accounts.verification import validate_mobile
from zhicheng.audit.services import history_for
from zhicheng.demo.data import DEMO_PASSWORD
from zhicheng.demo.tests.conftest import APPLICANTS, EXPERTS, FAST_HASHERS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def test_every_staff_role_has_accounts_with_a_second_factor_secret(demo):
    staff = User.objects.filter(role__in=STAFF_ROLES)
    assert set(staff.values_list("role", flat=True)) == set(STAFF_ROLES)
    for user in staff:
        assert user.totp_secret, user.username
        assert user.organization is not None, user.username
        assert history_for(user).filter(action="create_staff").exists(), user.username
    assert len(current_totp_code(User.objects.get(username="hr02"))) == 6


def test_the_expert_pool_has_realistic_names(demo):
    experts = User.objects.filter(role=Role.EXPERT)
    assert experts.count() == EXPERTS
    assert all(2 <= len(e.real_name) <= 3 for e in experts)


def test_r20_every_applicant_has_a_valid_mainland_id_and_mobile(demo):
    applicants = list(User.objects.filter(role=Role.APPLICANT))
    assert len(applicants) == APPLICANTS
    for user in applicants:
        assert user.id_type == IdType.MAINLAND
        assert validate_id_number(IdType.MAINLAND, user.id_number) == user.id_number
        assert birth_date_from_id(user.id_type, user.id_number) is not None
        assert validate_mobile(user.phone) == user.phone
        assert user.phone_verified_at is not None
    assert len({u.id_number for u in applicants}) == len({u.phone for u in applicants}) == APPLICANTS


def test_applicants_log_in_with_id_number_or_phone_and_the_demo_password(demo):
    applicant = User.objects.filter(role=Role.APPLICANT).first()
    assert authenticate(None, username=applicant.id_number, password=DEMO_PASSWORD) == applicant
    assert authenticate(None, username=applicant.phone, password=DEMO_PASSWORD) == applicant
    assert authenticate(None, username=applicant.phone, password="wrong-password") is None


def test_staff_log_in_with_the_printed_username_and_password(demo):
    for username in ("bureau", "cy_bureau", "agency_eca", "hr01", "assoc_art", "expert001", "expert002"):
        assert authenticate(None, username=username, password=DEMO_PASSWORD) is not None, username
