from typing import Any

from django.core.management.base import BaseCommand

from zhicheng.audit.checkpoints import export_missing, seal


class Command(BaseCommand):
    help = "Seal the audit events appended since the last checkpoint into a signed checkpoint and export it."

    def handle(self, *args: Any, **options: Any) -> None:
        again = export_missing()
        checkpoint = seal()
        if checkpoint is None:
            self.stdout.write(f"没有新的审计事件需要封存（补充导出 {again} 个检查点）")
            return
        self.stdout.write(
            self.style.SUCCESS(f"已封存检查点：{checkpoint.tree_size} 条事件，树根 {checkpoint.root_hash}")
        )
