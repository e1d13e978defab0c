from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhicheng.accounts.models import User
from zhicheng.catalog.importing import import_catalog


class Command(BaseCommand):
    help = "Import the catalog from an Excel workbook; nothing is written if any row is invalid."

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
            report = import_catalog(file, by=by)
        for error in report.errors:
            where = "，".join(part for part in (error.sheet, f"第{error.row}行" if error.row else "") if part)
            self.stderr.write(f"{where}：{error.message}" if where else error.message)
        if not report.ok:
            raise CommandError(f"发现{len(report.errors)}处问题，未导入任何数据")
        for sheet in report.sheets:
            self.stdout.write(f"{sheet.sheet}：新建{sheet.created}，更新{sheet.updated}，未变化{sheet.unchanged}")
        self.stdout.write(self.style.SUCCESS("名录导入成功"))
