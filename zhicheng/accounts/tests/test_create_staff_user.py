"""Creating staff accounts for a role and an organization."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.services import create_staff_user
from zhicheng.accounts.tests.conftest import PASSWORD
from zhicheng.accounts.tests.factories import AgencyFactory
from zhicheng.audit.services import history_for


def test_staff_user_belongs_to_its_organization(db):
    agency = AgencyFactory()
    user = create_staff_user("agency1", PASSWORD, Role.AGENCY, "赵六", organization=agency)
    assert (user.role, user.organization, user.real_name) == (Role.AGENCY, agency, "赵六")
    assert user.check_password(PASSWORD)
    assert [e.to_state for e in history_for(user)] == ["agency"]


def test_duplicate_username_is_refused(db, bureau_officer):
    with pytest.raises(ValidationError):
        create_staff_user("bureau1", PASSWORD, Role.EXPERT, "钱七")
    assert User.objects.count() == 1


def test_command_creates_the_account_and_prints_the_authenticator_uri(db, capsys):
    agency = AgencyFactory()
    call_command(
        "create_staff_user", "agency2", role="agency", name="孙八", organization=agency.name, password=PASSWORD
    )
    out = capsys.readouterr().out
    assert "已创建 评审服务机构 账号 agency2" in out
    assert "otpauth://totp/" in out
    assert User.objects.get(username="agency2").organization == agency


def test_command_refuses_a_weak_password_and_an_unknown_organization(db):
    with pytest.raises(CommandError, match="密码"):
        call_command("create_staff_user", "x1", role="bureau", name="某人", password="12345678")
    with pytest.raises(CommandError, match="不存在"):
        call_command("create_staff_user", "x2", role="unit_hr", name="某人", organization="无此单位", password=PASSWORD)
    assert not User.objects.exists()
