"""run_scheduler: each occurrence of a job runs once however many schedulers run; results are recorded."""

import datetime
import subprocess
import sys
import threading

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from django.db import connection, connections

from zhicheng.core.jobs import BEIJING, JOBS
from zhicheng.core.models import ScheduledJob
from zhicheng.core.scheduler import Job, add_jobs, run_job

from .production import ROOT

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)


def counting_job(runs: list[str]) -> Job:
    return Job("test_count", lambda: runs.append("ran") or "ok", lambda: None, spacing=MINUTE)  # type: ignore[arg-type,return-value]


def test_a_second_scheduler_skips_an_occurrence_the_first_has_run():
    runs: list[str] = []
    job = counting_job(runs)

    assert run_job(job, holder="host-a:1") is True
    assert run_job(job, holder="host-b:1") is False

    assert runs == ["ran"]
    record = ScheduledJob.objects.get(name="test_count")
    assert (record.run_count, record.claimed_by, record.last_ok, record.last_message) == (1, "host-a:1", True, "ok")


def test_the_next_occurrence_runs_again(django_capture_on_commit_callbacks):
    runs: list[str] = []
    job = counting_job(runs)
    run_job(job, holder="host-a:1")
    ScheduledJob.objects.update(last_started_at=ScheduledJob.objects.get().last_started_at - MINUTE)

    assert run_job(job, holder="host-b:1") is True
    assert len(runs) == 2


def test_a_failing_job_is_recorded_as_failed_and_the_scheduler_goes_on():
    def broken() -> str:
        raise RuntimeError("对象存储不可用")

    assert run_job(Job("test_broken", broken, lambda: None, MINUTE), holder="h") is True  # type: ignore[arg-type,return-value]

    record = ScheduledJob.objects.get(name="test_broken")
    assert record.last_ok is False
    assert record.last_message == "RuntimeError: 对象存储不可用"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_schedulers_firing_the_same_occurrence_at_once_run_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs a server database")
    runs: list[str] = []
    job = counting_job(runs)
    barrier = threading.Barrier(6)
    ran: list[bool] = []

    def scheduler(n: int) -> None:
        barrier.wait()
        try:
            ran.append(run_job(job, holder=f"host-{n}:1"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(ran) == [False] * 5 + [True]
    assert runs == ["ran"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scheduler_processes_run_every_job_once():
    if connection.vendor != "postgresql":
        pytest.skip("the processes need a server database")
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST']}:{settings_dict['PORT']}"
        f"/{settings_dict['NAME']}"
    )
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "DEBUG": "1", "DATABASE_URL": url}
    command = [sys.executable, "manage.py", "run_scheduler", "--once"]

    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]

    assert [process.returncode for process in processes] == [0, 0], outputs
    counts = dict(ScheduledJob.objects.values_list("name", "run_count"))
    assert counts == {job.name: 1 for job in JOBS}
    assert all(ok for ok in ScheduledJob.objects.values_list("last_ok", flat=True))


def test_the_jobs_are_scheduled_in_beijing_time():
    scheduler = BackgroundScheduler(timezone=BEIJING)
    add_jobs(scheduler, JOBS, holder="h")
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        deadline = jobs["process_deadlines"].next_run_time
        audit = jobs["verify_audit"].next_run_time
    finally:
        scheduler.shutdown(wait=False)

    assert set(jobs) == {
        *("process_deadlines", "recover_sms", "seal_audit", "verify_audit", "recover_batches", "purge_rate_counters")
    }
    assert (deadline.hour, deadline.minute, deadline.utcoffset()) == (0, 5, datetime.timedelta(hours=8))
    assert (audit.hour, audit.minute) == (3, 0)


def test_the_audit_verification_result_reaches_the_metrics(client):
    (verify,) = [job for job in JOBS if job.name == "verify_audit"]
    run_job(verify, holder="h")

    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()

    assert "zhicheng_audit_verification_ok 1.0" in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_scheduler_process_starts_and_stops_cleanly_on_sigterm(tmp_path):
    """systemd stops it with SIGTERM: it exits 0 without running half a job."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "DEBUG": "1", "DATA_DIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        started = process.stdout.readline()
        process.terminate()
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()

    assert "调度进程" in started
    assert "process_deadlines" in started
    assert process.returncode == 0
