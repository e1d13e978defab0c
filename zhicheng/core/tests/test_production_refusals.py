"""With DEBUG off, start-up and `check --deploy` refuse a demo in disguise, naming the variable to fix."""

import pytest

from .production import manage, production_env, run

SIMULATOR = "zhicheng.fees.gateways.SimulatedGateway"


def test_env_example_is_a_production_configuration_that_passes_check_deploy(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


REFUSALS = {
    "simulated payment gateway": ({"PAYMENT_GATEWAY": SIMULATOR}, "PAYMENT_GATEWAY"),
    "log SMS provider": ({"STAND_INS": "education-file"}, "SMS_PROVIDER"),
    "file education records": ({"STAND_INS": "sms-log"}, "EDUCATION_RECORDS"),
    "development PDF signing key": ({"CERTIFICATE_KEY_FILE": ""}, "CERTIFICATE_KEY_FILE"),
    "development QR key": ({"CERTIFICATE_QR_KEY_FILE": ""}, "CERTIFICATE_QR_KEY_FILE"),
    "missing key file": ({"CERTIFICATE_CERT_FILE": "/nonexistent/cert.pem"}, "CERTIFICATE_CERT_FILE"),
    "unknown stand-in": ({"STAND_INS": "sms-log,education-file,free-lunch"}, "STAND_INS"),
    "s3 without a bucket": ({"STORAGE_BACKEND": "s3", "S3_ENDPOINT_URL": "https://oss.example"}, "S3_BUCKET"),
    "s3 without an endpoint": ({"STORAGE_BACKEND": "s3", "S3_BUCKET": "zhicheng"}, "S3_ENDPOINT_URL"),
    "missing secret key": ({"SECRET_KEY": ""}, "SECRET_KEY"),
    "short secret key": ({"SECRET_KEY": "change-me"}, "SECRET_KEY"),
    "low-entropy secret key": ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY"),
    "malformed encryption key": ({"FIELD_ENCRYPTION_KEY": "not-hex-at-all"}, "FIELD_ENCRYPTION_KEY"),
    "patterned lookup key": ({"LOOKUP_HASH_KEY": "0" * 32}, "LOOKUP_HASH_KEY"),
    "missing database": ({"DATABASE_URL": ""}, "DATABASE_URL"),
    "database not PostgreSQL": ({"DATABASE_URL": "mysql://u:p@db/zhicheng"}, "DATABASE_URL"),
    "any host": ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
    "gateway module missing": ({"PAYMENT_GATEWAY": "zhicheng.fees.nowhere.Gateway"}, "PAYMENT_GATEWAY"),
    "malformed number": ({"TRUSTED_PROXIES": "one"}, "TRUSTED_PROXIES"),
    "malformed metrics network": ({"METRICS_ALLOWED_NETWORKS": "10.0.0.0/8,intranet"}, "METRICS_ALLOWED_NETWORKS"),
}


@pytest.mark.parametrize(("changes", "variable"), REFUSALS.values(), ids=REFUSALS.keys())
def test_check_deploy_refuses_and_names_the_variable(tmp_path, changes, variable):
    result = manage(production_env(tmp_path, **changes), "check", "--deploy")

    assert result.returncode != 0
    assert variable in result.stderr
    assert not (tmp_path / "data").exists()  # nothing half-started: not even the data directory


def test_the_app_server_does_not_start_with_a_stand_in(tmp_path):
    """gunicorn imports config.wsgi: the same refusal stops it before the first request."""
    result = run(production_env(tmp_path, PAYMENT_GATEWAY=SIMULATOR), "-c", "import config.wsgi")

    assert result.returncode != 0
    assert "PAYMENT_GATEWAY" in result.stderr
    assert "payment-simulator" in result.stderr  # and how to allow it on purpose


def test_every_problem_is_listed_at_once(tmp_path):
    env = production_env(tmp_path, PAYMENT_GATEWAY=SIMULATOR, SECRET_KEY="", STAND_INS="")
    result = manage(env, "check", "--deploy")

    for variable in ("SECRET_KEY", "PAYMENT_GATEWAY", "SMS_PROVIDER", "EDUCATION_RECORDS"):
        assert variable in result.stderr


def test_s3_without_its_package_is_refused(tmp_path):
    env = production_env(tmp_path, STORAGE_BACKEND="s3", S3_BUCKET="zhicheng", S3_ENDPOINT_URL="https://oss.example")
    hide_boto3 = "import sys; sys.modules['boto3'] = None; import django; django.setup()"

    result = run(env, "-c", hide_boto3)

    assert result.returncode != 0
    assert "STORAGE_BACKEND" in result.stderr
    assert "boto3" in result.stderr


def test_named_stand_ins_run(tmp_path):
    env = production_env(tmp_path, PAYMENT_GATEWAY=SIMULATOR, STAND_INS="sms-log,education-file,payment-simulator")

    assert manage(env, "check", "--deploy", "--fail-level", "WARNING").returncode == 0


RESOLVE_CASHIER = (
    "import django; django.setup(); from django.urls import resolve, Resolver404\n"
    "try:\n    print(resolve('/fees/cashier/ZC202400001/submit/').url_name)\n"
    "except Resolver404:\n    print('no such page')"
)


def test_the_simulated_cashier_does_not_exist_unless_the_simulator_is_allowed(tmp_path):
    production = run(production_env(tmp_path), "-c", RESOLVE_CASHIER)
    staging = run(
        production_env(tmp_path, PAYMENT_GATEWAY=SIMULATOR, STAND_INS="payment-simulator,sms-log,education-file"),
        "-c",
        RESOLVE_CASHIER,
    )

    assert production.stdout.strip() == "no such page", production.stderr
    assert staging.stdout.strip() == "cashier_submit", staging.stderr


def test_demo_app_and_totp_code_are_absent_in_production(tmp_path):
    production = manage(production_env(tmp_path), "help", "--commands")
    demo = manage(production_env(tmp_path, DEBUG="1"), "help", "--commands")

    assert production.returncode == demo.returncode == 0
    assert "totp_code" not in production.stdout.split()
    assert "load_demo" not in production.stdout.split()
    assert {"totp_code", "load_demo"} <= set(demo.stdout.split())
    assert "run_scheduler" in production.stdout.split()


def test_the_deploy_check_reports_settings_changed_after_start_up(settings):
    from zhicheng.core.checks import production_settings

    settings.DEBUG = False
    settings.PAYMENT_GATEWAY = SIMULATOR
    settings.STAND_INS = ()

    errors = production_settings(None)

    assert {error.obj for error in errors} >= {"PAYMENT_GATEWAY", "SECRET_KEY"}
    assert all(error.id == "zhicheng.E001" for error in errors)
