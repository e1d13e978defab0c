from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhicheng.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit hash chain and report the first altered or removed event."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = verify_chain()
        if broken is not None:
            raise CommandError(broken.problem)
        self.stdout.write(self.style.SUCCESS("审计链完整"))
