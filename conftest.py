"""Personas shared by every test module (like alice/bob in healthchecks' hc/test.py)."""

import os
import time

import pytest
from django.db import transaction

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright + ORM in one test


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Tests that time a call are benchmarks: `make bench` runs them, `make test` leaves them out (-m "not bench")."""
    for item in items:
        if "best_time" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.bench)
        _restore_serialized_data(item)


def _restore_serialized_data(item):
    """Every transactional test empties the tables and puts the migrations' rows back as they were.

    A transactional test that does not would let Django re-create content types under new ids when it empties
    the tables, and the next one that restores the serialized rows would then collide with them (pytest-xdist
    runs them in any order in each worker). A test that uses live_server without the marker must declare it.
    """
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction") and "serialized_rollback" not in marker.kwargs:
        item.add_marker(pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True), append=False)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 with test-sized cost parameters: the production hasher costs ~0.8 s per hash here."""
    settings.PASSWORD_HASHERS = ["zhicheng.accounts.tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def zhang_san(db):
    """申报人 张三, an applicant with a verified phone."""
    from zhicheng.accounts.tests.factories import ApplicantFactory

    return ApplicantFactory(username="zhangsan", real_name="张三")


@pytest.fixture
def li_si(db):
    """Another applicant, for "not yours" checks."""
    from zhicheng.accounts.tests.factories import LI_SI_ID, ApplicantFactory

    return ApplicantFactory(username="lisi", real_name="李四", identity=LI_SI_ID, identity__phone="13900001111")


@pytest.fixture
def best_time():
    """Time a call the way benchmarks do: the fastest of three runs, each rolled back to a savepoint but the last.

    On this 2-core machine another process can take a core for a second; the fastest run is the figure that
    measures the code rather than the neighbours. Returns (elapsed seconds, the last run's result).
    """

    def measure(call, *, runs=3):
        timings = []
        for n in range(runs):
            with transaction.atomic():
                savepoint = transaction.savepoint()
                started = time.perf_counter()
                result = call()
                timings.append(time.perf_counter() - started)
                if n < runs - 1:
                    transaction.savepoint_rollback(savepoint)
        return min(timings), result

    return measure


# Object storage: a real S3-compatible server process (moto_server) for tests of STORAGE_BACKEND=s3.


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory):
    """http://127.0.0.1:PORT of a moto_server process started for the test session and stopped after it."""
    import socket
    import subprocess
    import sys
    import urllib.request
    from pathlib import Path

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - fixed program from this venv
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1).close()  # noqa: S310 - local test server
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"moto_server did not start on {endpoint}")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture
def s3_bucket(settings, moto_endpoint, tmp_path):
    """The default storage is a fresh private bucket on the moto server, configured as production configures it."""
    import uuid

    import boto3

    name = f"zhicheng-test-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test-secret"}
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": moto_endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test-secret",
                "signature_version": "s3v4",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 60,
                "file_overwrite": False,
            },
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media-must-stay-empty"
    client.bucket = name
    return client
