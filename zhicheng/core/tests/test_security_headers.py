"""Content-Security-Policy without inline script, HSTS under TLS, hashed static names in production."""

import re
from pathlib import Path

import pytest

from .production import ROOT, production_env, run

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def templates() -> list[Path]:
    return sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("zhicheng/*/templates/**/*.html")])


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = [
        str(path.relative_to(ROOT))
        for path in templates()
        if INLINE_SCRIPT.search(path.read_text(encoding="utf-8")) or EVENT_HANDLER.search(path.read_text())
    ]
    assert len(templates()) > 50
    assert offenders == []


def test_every_page_has_a_policy_that_refuses_inline_and_foreign_scripts(client):
    policy = client.get("/").headers["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_pages_ask_htmx_not_to_inject_styles_or_evaluate_code(client):
    page = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in page
    assert '"allowEval": false' in page
    assert "js/site.js" in page


def test_hsts_is_sent_over_tls_only(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False

    assert client.get("/", secure=True).headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_a_staging_deployment_shows_the_test_banner_on_every_page(client, settings):
    assert "测试环境" not in client.get("/").content.decode()
    settings.STAND_INS = ("sms-log", "payment-simulator")

    for url in ("/", "/verify/", "/accounts/login/"):
        page = client.get(url).content.decode()
        assert "测试环境" in page
        assert "sms-log、payment-simulator" in page


SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.STORAGES['staticfiles']['BACKEND'])"
)


def test_production_defaults_are_a_year_of_hsts_tls_redirect_and_hashed_static_names(tmp_path):
    env = production_env(tmp_path)
    del env["SECURE_HSTS_SECONDS"], env["SECURE_SSL_REDIRECT"]

    result = run(env, "-c", SHOW)

    assert result.stdout.split() == [
        "31536000",
        "True",
        "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    ], result.stderr


def test_collectstatic_writes_hashed_names_for_the_pages_scripts(tmp_path):
    env = production_env(tmp_path, DATA_DIR=str(tmp_path / "data"))
    result = run(env, "manage.py", "collectstatic", "--noinput")

    assert result.returncode == 0, result.stderr
    hashed = [path.name for path in (tmp_path / "data" / "static" / "js").iterdir()]
    assert any(re.fullmatch(r"site\.[0-9a-f]{12}\.js", name) for name in hashed)


def test_forms_may_lead_only_here_and_to_the_configured_payment_gateway(tmp_path):
    show = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(*s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    result = run(production_env(tmp_path, CSP_FORM_ACTION_ORIGINS="https://openapi.alipay.com"), "-c", show)

    assert result.stdout.split() == ["'self'", "https://openapi.alipay.com"], result.stderr
