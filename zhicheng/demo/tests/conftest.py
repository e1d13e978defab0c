from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from zhicheng.catalog.models import Plan
from zhicheng.demo.services import load_demo

FAST_HASHERS = ["zhicheng.accounts.tests.hashers.FastArgon2PasswordHasher"]
APPLICANTS = 40
EXPERTS = 6


@dataclass(frozen=True)
class Demo:
    plan: Plan
    media: Path


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """A small demo year (40 applicants, 6 experts), loaded once per module and rolled back after it."""
    media = tmp_path_factory.mktemp("demo-media")
    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media}},
    }
    with (
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, STORAGES=storages, MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        load_demo(seed=7, applicants=APPLICANTS, experts=EXPERTS)
        yield Demo(plan=Plan.objects.get(year=timezone.localdate().year), media=media)
        transaction.set_rollback(True)
