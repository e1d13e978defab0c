"""manage.py load_demo: loads once, prints every role's login and how to get the second factor."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from zhicheng.accounts.models import Role, User
from zhicheng.catalog.models import Committee
from zhicheng.catalog.tests.factories import PlanFactory
from zhicheng.demo.tests.conftest import FAST_HASHERS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_prints_a_login_for_every_role_the_password_and_the_second_factor_command():
    output = run("--applicants", "14", "--experts", "2")
    for username in ("bureau", "cy_bureau", "agency_eca", "hr01", "assoc_art", "expert001"):
        assert username in output
    assert "Demo-2024!" in output
    assert "make totp USER=" in output
    assert "manage.py totp_code" in output
    assert "注册" in output
    fresh = User.objects.filter(role=Role.APPLICANT, applications__isnull=True).first()
    assert fresh.id_number in output
    assert fresh.phone in output


def test_if_empty_does_nothing_when_this_years_plan_exists():
    PlanFactory()
    output = run("--if-empty")
    assert "跳过" in output
    assert not Committee.objects.exists()


def test_without_if_empty_an_existing_plan_is_refused():
    PlanFactory()
    with pytest.raises(CommandError, match="计划已存在"):
        run()
    assert not Committee.objects.exists()


def test_too_few_applicants_for_every_state_is_refused():
    with pytest.raises(CommandError):
        run("--applicants", "5")
    assert not Committee.objects.exists()


def test_the_same_seed_loads_the_same_people():
    def people(seed: str) -> list[tuple[str, str]]:
        with transaction.atomic():
            run("--seed", seed, "--applicants", "14", "--experts", "2")
            found = sorted(User.objects.values_list("real_name", "username"))
            transaction.set_rollback(True)
        return found

    assert people("11") == people("11")
    assert people("11") != people("12")
