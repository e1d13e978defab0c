"""Production start-up refuses without AUDIT_KEY; the key can come from a file instead of the environment."""

from zhicheng.core.tests.production import production_env, run

PRINT_KEY = ("-c", "from django.conf import settings; print(settings.AUDIT_KEY)")


def test_production_settings_refuse_to_start_without_an_audit_key(tmp_path):
    started = run(production_env(tmp_path, AUDIT_KEY=""), *PRINT_KEY)

    assert started.returncode != 0
    assert "AUDIT_KEY: must be set (or AUDIT_KEY_FILE) when DEBUG is off" in started.stderr


def test_production_settings_refuse_a_patterned_audit_key(tmp_path):
    started = run(production_env(tmp_path, AUDIT_KEY="ab" * 32), *PRINT_KEY)

    assert started.returncode != 0
    assert "AUDIT_KEY: must be 64 random hexadecimal characters" in started.stderr


def test_the_audit_key_is_read_from_a_file(tmp_path):
    key = "0123456789abcdef" * 4
    key_file = tmp_path / "audit.key"
    key_file.write_text(key + "\n")

    started = run(production_env(tmp_path, AUDIT_KEY="", AUDIT_KEY_FILE=str(key_file)), *PRINT_KEY)

    assert started.returncode == 0, started.stderr
    assert started.stdout.strip().splitlines()[-1] == key
