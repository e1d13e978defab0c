from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhicheng.audit.verify import summary, verify


class Command(BaseCommand):
    help = "Verify every audit event's MAC, the signed checkpoints and their exported copies; list every problem."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify()
        for problem in problems:
            self.stderr.write(problem.problem)
        if problems:
            raise CommandError(f"审计记录未通过校验：发现 {len(problems)} 处问题，第一处：{problems[0].problem}")
        events, sealed, checkpoints = summary()
        self.stdout.write(
            self.style.SUCCESS(f"审计记录完整：{events} 条事件，已封存 {sealed} 条，检查点 {checkpoints} 个")
        )
