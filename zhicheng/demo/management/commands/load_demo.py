import time
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhicheng.demo import data
from zhicheng.demo.services import DemoExists, demo_counts, demo_logins, existing_demo, load_demo


class Command(BaseCommand):
    help = "Load a realistic demo year (catalog, accounts, applications in every state) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing when this year's plan already exists")
        parser.add_argument("--seed", type=int, default=data.DEFAULT_SEED, help="random seed (same seed, same data)")
        parser.add_argument("--applicants", type=int, default=data.DEFAULT_APPLICANTS, help="number of applicants")
        parser.add_argument("--experts", type=int, default=data.DEFAULT_EXPERTS, help="number of expert accounts")

    def handle(self, *args: Any, **options: Any) -> None:
        reason = existing_demo()
        if reason and options["if_empty"]:
            self.stdout.write(f"跳过演示数据导入：{reason}")
        else:
            started = time.monotonic()
            try:
                load_demo(seed=options["seed"], applicants=options["applicants"], experts=options["experts"])
            except (DemoExists, ValueError) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS(f"演示数据导入完成，用时 {time.monotonic() - started:.1f} 秒"))
            for label, count in demo_counts():
                self.stdout.write(f"  {label}：{count}")
        self._print_logins()

    def _print_logins(self) -> None:
        write = self.stdout.write
        write("")
        write(self.style.MIGRATE_HEADING(f"演示账号（密码均为 {data.DEMO_PASSWORD}）"))
        for login in demo_logins():
            write(f"  {_pad(login.role, 14)}{_pad(login.login, 36)}{_pad(login.name, 8)}{login.note}")
        write("")
        write("工作人员、评审专家和人社部门账号登录时还需第二步动态口令，查看当前口令：")
        write("  make totp USER=<用户名>    或    .venv/bin/python manage.py totp_code <用户名>")
        write("申报人用证件号码或手机号码登录。")
        write(f"其他单位人事账号为 hr01…hr{len(data.UNITS):02d}，评审专家账号为 expert001 起顺序编号。")
        write("任何人都可以在登录页点击“注册”，实名注册一个新的申报人账号（短信验证码见运行日志）。")


def _pad(text: str, width: int) -> str:
    """Left-align in a terminal, where each Chinese character takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 1)
