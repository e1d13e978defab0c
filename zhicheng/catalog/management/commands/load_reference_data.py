from typing import Any

from django.core.management.base import BaseCommand

from zhicheng.catalog.seed import load_reference_data


class Command(BaseCommand):
    help = "Create or refresh districts, series, specialties and the qualification table (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        load_reference_data()
        self.stdout.write(self.style.SUCCESS("已载入行政区、职称系列、专业和职业资格对应关系"))
