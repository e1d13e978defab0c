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
