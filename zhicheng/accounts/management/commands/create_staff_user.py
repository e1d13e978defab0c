import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhicheng.accounts.models import STAFF_ROLES, Organization
from zhicheng.accounts.services import create_staff_user, totp_provisioning_uri


class Command(BaseCommand):
    help = "Create a staff, expert or bureau account and print its authenticator (TOTP) URI."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(STAFF_ROLES))
        parser.add_argument("--name", required=True, help="real name")
        parser.add_argument("--organization", default="", help="exact name of the unit, association or agency")
        parser.add_argument("--password", default="", help="prompted for when omitted")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = None
        if options["organization"]:
            organization = Organization.objects.filter(name=options["organization"]).first()
            if organization is None:
                raise CommandError(f"单位/机构“{options['organization']}”不存在")
        password = options["password"] or getpass.getpass("密码：")
        try:
            validate_password(password)
            user = create_staff_user(
                options["username"], password, options["role"], options["name"], organization=organization
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已创建 {user.get_role_display()} 账号 {user.username}")
        self.stdout.write(f"身份验证器（TOTP）：{totp_provisioning_uri(user)}")
