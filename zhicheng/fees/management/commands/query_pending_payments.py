import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zhicheng.fees.gateways import GatewayUnavailable
from zhicheng.fees.models import Payment, PaymentStatus
from zhicheng.fees.services import NotificationRejected, settle_from_query


class Command(BaseCommand):
    help = "Ask the payment gateway about pending orders older than --minutes whose notification never arrived."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=15, help="only orders opened at least this long ago")

    def handle(self, *args: object, **options: object) -> None:
        minutes = options["minutes"]
        assert isinstance(minutes, int)  # noqa: S101 - argparse gives an int
        cutoff = timezone.now() - datetime.timedelta(minutes=minutes)
        pending = Payment.objects.filter(status=PaymentStatus.PENDING, created_at__lte=cutoff).order_by("created_at")
        settled = failed = 0
        for payment in pending:
            try:
                if settle_from_query(payment).status == PaymentStatus.PAID:
                    settled += 1
            except (GatewayUnavailable, NotificationRejected) as exc:
                failed += 1
                self.stderr.write(f"{payment.out_trade_no}: {exc}")
        self.stdout.write(f"{settled} order(s) settled from the gateway's record, {failed} could not be checked")
