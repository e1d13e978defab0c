import signal
import threading
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from django.core.management.base import BaseCommand, CommandParser

from zhicheng.core.jobs import BEIJING, JOBS
from zhicheng.core.scheduler import add_jobs, holder_name, run_job


class Command(BaseCommand):
    help = "Run the scheduled jobs (deadlines, SMS recovery, audit verification, stalled batches) without cron."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every job now (through the claims) and exit")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        holder = holder_name()
        if once:
            for job in JOBS:
                ran = run_job(job, holder=holder)
                self.stdout.write(f"{job.name}: {'已运行' if ran else '已由其他调度进程运行'}")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda signum, frame: stop.set())
        scheduler = BackgroundScheduler(timezone=BEIJING)
        add_jobs(scheduler, JOBS, holder=holder)
        scheduler.start()
        self.stdout.write(f"调度进程 {holder} 已启动：{', '.join(job.name for job in JOBS)}")
        self.stdout.flush()
        stop.wait()
        # A job under way finishes before the process exits.
        scheduler.shutdown(wait=True)
        self.stdout.write(f"调度进程 {holder} 已停止")
