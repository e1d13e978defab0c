"""A module-scoped object graph: built once in a transaction that is rolled back after the module's tests."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

FAST_HASHERS = ["zhicheng.accounts.tests.hashers.FastArgon2PasswordHasher"]


def world_fixture(build: Callable[[], Any]) -> Any:
    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker, tmp_path_factory):
        media = tmp_path_factory.mktemp("world-media")
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media):
            from django.conf import settings

            storages = {
                **settings.STORAGES,
                "default": {
                    "BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": media},
                },
            }
            with override_settings(STORAGES=storages), transaction.atomic():
                yield build(), media
                transaction.set_rollback(True)

    return world


def use_world_media(settings: Any, media: Any) -> None:
    """Replaces the per-test media folder of the root conftest with the world's, where its files are."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media}},
    }
    settings.MEDIA_ROOT = media
