from typing import Any

from django.core.management.base import BaseCommand

from zhicheng.notifications.services import requeue_due_messages


class Command(BaseCommand):
    help = "Queue delivery again for due SMS still in the outbox (recovery after a crash)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = requeue_due_messages()
        self.stdout.write(f"已重新排队 {count} 条待发短信")
