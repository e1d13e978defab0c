from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhicheng.catalog.models import Plan
from zhicheng.comparison import batch


class Command(BaseCommand):
    help = "Compare every application of a year with this and past years (数据比对) and write the findings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(year=options["year"]).first()
        if plan is None:
            raise CommandError(f"没有{options['year']}年度的计划")
        result = batch.check_year(plan)
        timings = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
        self.stdout.write(
            f"{result.achievements} achievements, {result.keys} keys, {result.candidate_pairs} candidate pairs, "
            f"{result.findings} new findings ({timings})"
        )
