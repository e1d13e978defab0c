"""Production start-up refuses without AUDIT_KEY; the key can come from a file instead of the environment."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 50,
    "FIELD_ENCRYPTION_KEY": "00" * 16,
    "LOOKUP_HASH_KEY": "11" * 16,
    "DATABASE_URL": "postgres://app:app@127.0.0.1:1/none",
}


def _settings(env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_KEY") and k != "DEBUG"}
    return subprocess.run(
        [sys.executable, "-c", "from config import settings; print(settings.AUDIT_KEY)"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_settings_refuse_to_start_without_an_audit_key():
    started = _settings(PRODUCTION)
    assert started.returncode != 0
    assert "AUDIT_KEY or AUDIT_KEY_FILE must be set when DEBUG is off" in started.stderr


def test_the_audit_key_is_read_from_a_file(tmp_path):
    key_file = tmp_path / "audit.key"
    key_file.write_text("ab" * 32 + "\n")
    started = _settings({**PRODUCTION, "AUDIT_KEY_FILE": str(key_file)})
    assert started.stdout.strip().splitlines()[-1] == "ab" * 32
