from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhicheng.accounts.models import User
from zhicheng.experts.importing import import_experts


class Command(BaseCommand):
    help = "Import experts as candidates with login accounts from Excel; nothing is written if a row is wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--by", help="Username recorded in the audit trail as the importer.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        by = None
        if options["by"]:
            by = User.objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"找不到用户：{options['by']}")
        with path.open("rb") as file:
            report = import_experts(file, by=by)
        for error in report.errors:
            where = "，".join(part for part in (f"第{error.row}行" if error.row else "", error.column) if part)
            self.stderr.write(f"{where}：{error.message}" if where else error.message)
        if not report.ok:
            raise CommandError(f"发现{len(report.errors)}处问题，未导入任何数据")
        self.stdout.write(
            self.style.SUCCESS(f"已导入{report.created}名专家（待备案），登录账号和初始密码已通过短信发送")
        )
