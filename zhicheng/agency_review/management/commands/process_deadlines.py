import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zhicheng.agency_review.deadlines import abandon_overdue


class Command(BaseCommand):
    help = "Mark applications past their correction (R-43) or payment (R-50) deadline as abandoned; idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=datetime.date.fromisoformat, help="run as of this day (YYYY-MM-DD)")

    def handle(self, *args: object, **options: object) -> None:
        on = options["on"] or timezone.localdate()
        assert isinstance(on, datetime.date)  # noqa: S101 - argparse gives a date or None
        count = abandon_overdue(on)
        self.stdout.write(f"{on.isoformat()}: {count} application(s) abandoned for missed correction/payment deadlines")
