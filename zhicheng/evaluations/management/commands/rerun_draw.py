import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhicheng.evaluations.draw import audit_problems, check_record, record_of
from zhicheng.evaluations.models import Draw


class Command(BaseCommand):
    help = "Re-run an expert draw from its record (a draw id, or --file with the exported JSON) and compare (R-63)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("draw_id", nargs="?", type=int, help="id of a draw stored in this database")
        parser.add_argument("--file", type=Path, help="a record downloaded from the session page or the API")

    def handle(self, *args: Any, **options: Any) -> None:
        record, problems = self._load(options["draw_id"], options["file"])
        check = check_record(record)
        parameters = record.get("parameters", {})
        self.stdout.write(
            f"抽取记录 {record.get('draw_id', '')}：{parameters.get('committee', '')}，"
            f"候选{len(record.get('pool', []))}人，排除{len(record.get('exclusions', []))}人，"
            f"抽取{parameters.get('number', '')}人"
        )
        self.stdout.write("重新计算的抽取结果（专家编号，按抽中顺序）：")
        for n, expert_id in enumerate(check.result, start=1):
            self.stdout.write(f"{n}. {expert_id}")
        for problem in problems + check.problems:
            self.stdout.write(f"× {problem}")
        if problems or not check.ok:
            self.stdout.write("不一致")
            raise CommandError("抽取记录复核不一致")
        self.stdout.write("一致")

    def _load(self, draw_id: int | None, file: Path | None) -> tuple[dict[str, Any], list[str]]:
        """The record to check, and for a stored draw the differences from its audit events."""
        if file is not None and draw_id is None:
            try:
                record = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"无法读取抽取记录文件：{exc}") from exc
            if not isinstance(record, dict):
                raise CommandError("抽取记录文件格式不正确")
            return record, []
        if draw_id is None or file is not None:
            raise CommandError("请指定抽取记录编号，或用 --file 指定抽取记录文件（二者选一）")
        draw = Draw.objects.filter(pk=draw_id).first()
        if draw is None:
            raise CommandError(f"抽取记录 {draw_id} 不存在")
        return record_of(draw), audit_problems(draw)
