from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhicheng.accounts.models import User
from zhicheng.accounts.services import current_totp_code


class Command(BaseCommand):
    help = "Print the current TOTP code of a staff account (development and demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户 {options['username']} 不存在")
        if not user.needs_second_factor:
            raise CommandError(f"用户 {user.username} 是申报人，登录不需要动态口令")
        self.stdout.write(current_totp_code(user))
