"""The public pages read from a real PostgreSQL streaming replica; what a user just wrote is read from the primary.

Starts its own primary and a replica made with pg_basebackup (as scripts/test.sh starts PostgreSQL), migrates the
primary and runs replica_probe.py against both with DATABASE_URL and DATABASE_REPLICA_URL set.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PGBIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parents[3]


def run(*command: str | Path, as_postgres: bool = False, env: dict[str, str] | None = None) -> str:
    """Run a command of this test (PostgreSQL's tools, manage.py, the probe); PostgreSQL refuses to run as root."""
    argv = [str(part) for part in command]
    if as_postgres and os.geteuid() == 0:
        argv = ["runuser", "-u", "postgres", "--", *argv]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    if done.returncode:
        pytest.fail(f"{' '.join(argv[:4])} … exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(data: Path, port: int) -> None:
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={data.parent} -c fsync=off"
    run(PGBIN / "pg_ctl", "-D", data, "-l", f"{data}.log", "-w", "-o", options, "start", as_postgres=True)


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[str, str]]:
    scratch = Path(tempfile.mkdtemp(prefix="zhicheng-replica-"))
    scratch.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(scratch, "postgres")
    primary, replica = scratch / "primary", scratch / "replica"
    primary_port, replica_port = free_port(), free_port()
    started: list[Path] = []
    try:
        run(PGBIN / "initdb", "-D", primary, "-U", "postgres", "--auth=trust", "-E", "UTF8", "-N", as_postgres=True)
        start(primary, primary_port)
        started.append(primary)
        sql = ["CREATE ROLE app LOGIN PASSWORD 'app' SUPERUSER", "CREATE DATABASE app OWNER app"]
        run("psql", "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres", "-q", *(f"-c{s}" for s in sql))
        primary_url = f"postgres://app:app@127.0.0.1:{primary_port}/app"
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
        run(sys.executable, "manage.py", "migrate", "-v0", env=env | {"DATABASE_URL": primary_url, "DEBUG": "1"})
        basebackup = [
            "-h",
            "127.0.0.1",
            "-p",
            str(primary_port),
            "-U",
            "postgres",
            "-D",
            str(replica),
            "-R",
            "-c",
            "fast",
        ]
        run(PGBIN / "pg_basebackup", *basebackup, "-X", "stream", as_postgres=True)
        start(replica, replica_port)
        started.append(replica)
        yield primary_url, f"postgres://app:app@127.0.0.1:{replica_port}/app"
    finally:
        for data in reversed(started):
            run(PGBIN / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", as_postgres=True)
        shutil.rmtree(scratch, ignore_errors=True)


def test_public_results_read_from_the_replica_and_a_writer_reads_the_primary(clusters):
    primary_url, replica_url = clusters
    env = os.environ | {"DATABASE_URL": primary_url, "DATABASE_REPLICA_URL": replica_url, "DEBUG": "1"}
    env |= {"ALLOWED_HOSTS": "testserver"}
    seen = json.loads(run(sys.executable, "-m", "zhicheng.core.tests.replica_probe", env=env).splitlines()[-1])

    # Replay paused after the rename: the public page shows the replica's old name, so it read from the replica.
    assert seen["public_while_paused"] == ["北京市甲评审服务中心"]
    # A client that has just written is pinned to the primary and sees the new name at once.
    assert seen["write_pins"] is True
    assert seen["pinned_while_paused"] == ["北京市乙评审服务中心"]
    # Once the replica has replayed, everyone sees the new name.
    assert seen["public_after_replay"] == ["北京市乙评审服务中心"]
