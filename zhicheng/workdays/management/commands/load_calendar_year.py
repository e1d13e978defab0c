from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhicheng.workdays.library import YearNotInLibrary
from zhicheng.workdays.models import CalendarYear
from zhicheng.workdays.services import load_year_from_library


class Command(BaseCommand):
    help = "Fill one year of the working-day calendar from the chinese_calendar library."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--replace", action="store_true", help="Overwrite a year already entered (drops manual edits of it)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        if CalendarYear.objects.filter(year=year).exists() and not options["replace"]:
            raise CommandError(f"{year}年的工作日历已存在；如需用 chinese_calendar 的数据覆盖，请加 --replace")
        try:
            count = load_year_from_library(year)
        except YearNotInLibrary as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已导入{year}年工作日历：{count}个节假日/调休日"))
