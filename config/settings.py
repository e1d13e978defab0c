"""Settings read from the environment; every variable is listed in .env.example."""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from zhicheng.core.deployment import parse_stand_ins, refuse_unsafe_settings
from zhicheng.core.ops.errors import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{name} must be a boolean, got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None


def database_from_url(url: str) -> dict[str, object]:
    """Turn postgres://user:pass@host:port/name into a DATABASES entry."""
    parts = urlparse(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must be a postgres:// URL, got scheme {parts.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or 5432),
        "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    }


DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-" + "0" * 40
# Keys for personal data: 32 hex characters each (SM4-128 and the HMAC-SM3 lookup key).
# In DEBUG they are derived from SECRET_KEY so that `make run` works without configuration.
# With DEBUG off, zhicheng.core.deployment checks all of them at the end of this file.
FIELD_ENCRYPTION_KEY = envstr("FIELD_ENCRYPTION_KEY", "")
LOOKUP_HASH_KEY = envstr("LOOKUP_HASH_KEY", "")
# The audit trail's HMAC-SM3 key (docs/audit.md): 64 hex characters from AUDIT_KEY, or from the file AUDIT_KEY_FILE;
# never stored in the database. In DEBUG it is derived from SECRET_KEY like the keys above.
AUDIT_KEY_FILE = envstr("AUDIT_KEY_FILE", "")
AUDIT_KEY = envstr("AUDIT_KEY", "") or (
    Path(AUDIT_KEY_FILE).read_text().strip() if AUDIT_KEY_FILE and Path(AUDIT_KEY_FILE).is_file() else ""
)

ALLOWED_HOSTS = [h for h in envstr("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in envstr("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "zhicheng.core",
    "zhicheng.audit",
    "zhicheng.workdays",
    "zhicheng.accounts",
    "zhicheng.catalog",
    "zhicheng.notifications",
    "zhicheng.integrity",
    "zhicheng.comparison",
    "zhicheng.supervision",
    "zhicheng.applications",
    "zhicheng.district_review",
    "zhicheng.fees",
    "zhicheng.agency_review",
    "zhicheng.unit_review",
    "zhicheng.materials",
    "zhicheng.experts",
    "zhicheng.evaluations",
    "zhicheng.panels",
    "zhicheng.ballots",
    "zhicheng.acceptance",
    "zhicheng.postings",
    "zhicheng.rechecks",
    "zhicheng.certificates",
    "zhicheng.verification",
    "zhicheng.documents",
]
if DEBUG:
    # The demo year and `totp_code` (prints any staff member's second factor) never ship with DEBUG off.
    INSTALLED_APPS.append("zhicheng.demo")

MIDDLEWARE = [
    "zhicheng.core.ops.requests.RequestIdMiddleware",
    "zhicheng.core.ops.metrics.LatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "zhicheng.core.api_errors.ApiErrorShapeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhicheng.core.routing.PinToPrimaryMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhicheng.core.context_processors.deployment",
            ],
        },
    },
]

DATA_DIR = Path(envstr("DATA_DIR", str(BASE_DIR / "var")))
DATABASE_URL = envstr("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    if DEBUG:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "zhicheng.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
# A PostgreSQL streaming replica for the public pages (verification, result postings); see zhicheng/core/routing.py.
DATABASE_REPLICA_URL = envstr("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database_from_url(DATABASE_REPLICA_URL) | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["zhicheng.core.routing.ReplicaRouter"]
REPLICA_PIN_SECONDS = envint("REPLICA_PIN_SECONDS", 30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["zhicheng.accounts.backends.IdentifierBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
# Uploads and generated PDFs live outside the web root and are served only through access-checked views.
# Production keeps them in an S3-compatible bucket (STORAGE_BACKEND=s3): nothing is written to an app host's disk.
MEDIA_ROOT = DATA_DIR / "media"
STORAGE_BACKEND = envstr("STORAGE_BACKEND", "filesystem")
if STORAGE_BACKEND == "s3":
    _default_storage: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("S3_BUCKET", ""),
            "endpoint_url": envstr("S3_ENDPOINT_URL", "") or None,
            "region_name": envstr("S3_REGION", "") or None,
            "access_key": envstr("S3_ACCESS_KEY", ""),
            "secret_key": envstr("S3_SECRET_KEY", ""),
            "addressing_style": envstr("S3_ADDRESSING_STYLE", "") or None,
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": envint("S3_URL_EXPIRE_SECONDS", 60),
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads above 256 KiB go to a temporary file, so memory does not grow with file size.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EDUCATION_RECORDS = envstr("EDUCATION_RECORDS", "zhicheng.applications.education.RegistryFileRecords")
EDUCATION_RECORDS_FILE = Path(
    envstr("EDUCATION_RECORDS_FILE", str(BASE_DIR / "zhicheng" / "applications" / "data" / "education_records.json"))
)

PAYMENT_GATEWAY = envstr("PAYMENT_GATEWAY", "zhicheng.fees.gateways.SimulatedGateway")
PAYMENT_SIMULATOR_KEY = envstr("PAYMENT_SIMULATOR_KEY", "")
# PAYMENT_GATEWAY=zhicheng.fees.gateways.AlipayGateway: 支付宝 page pay. PAYMENT_SITE_URL is the public https://
# origin the gateway notifies and returns to; the key files are PEM (ours private, Alipay's public).
PAYMENT_SITE_URL = envstr("PAYMENT_SITE_URL", "")
ALIPAY_GATEWAY_URL = envstr("ALIPAY_GATEWAY_URL", "https://openapi.alipay.com/gateway.do")
ALIPAY_APP_ID = envstr("ALIPAY_APP_ID", "")
ALIPAY_PRIVATE_KEY_FILE = envstr("ALIPAY_PRIVATE_KEY_FILE", "")
ALIPAY_PUBLIC_KEY_FILE = envstr("ALIPAY_PUBLIC_KEY_FILE", "")

# Certificates (R-90, R-91): the bureau's PDF signing key and certificate (PEM), and the Ed25519 key that signs
# QR payloads and the revocation list. Unset, a development key pair is made once under DATA_DIR/keys.
CERTIFICATE_KEY_FILE = envstr("CERTIFICATE_KEY_FILE", "")
CERTIFICATE_CERT_FILE = envstr("CERTIFICATE_CERT_FILE", "")
CERTIFICATE_QR_KEY_FILE = envstr("CERTIFICATE_QR_KEY_FILE", "")
CERTIFICATE_KEY_DIR = DATA_DIR / "keys"
# PAdES (docs/certificates.md). B-T: a time stamp from the RFC 3161 service at TSA_URL. B-LT: the CA certificates
# (PEM bundle; the self-signed ones are the trust roots, the TSA's CA included) and their CRLs embedded in the PDF;
# CRLs from CERTIFICATE_CRL_FILES (comma-separated, DER or PEM), fetched from the certificates' own addresses only
# with CERTIFICATE_REVOCATION_ONLINE. A PKCS#11 token (HSM) holds the key instead of CERTIFICATE_KEY_FILE when
# CERTIFICATE_PKCS11_MODULE is set; the certificate comes from CERTIFICATE_CERT_FILE or else the token (same label).
TSA_URL = envstr("TSA_URL", "")
CERTIFICATE_CHAIN_FILE = envstr("CERTIFICATE_CHAIN_FILE", "")
CERTIFICATE_CRL_FILES = [path for path in envstr("CERTIFICATE_CRL_FILES", "").split(",") if path.strip()]
CERTIFICATE_REVOCATION_ONLINE = envbool("CERTIFICATE_REVOCATION_ONLINE", False)
CERTIFICATE_PKCS11_MODULE = envstr("CERTIFICATE_PKCS11_MODULE", "")
CERTIFICATE_PKCS11_TOKEN = envstr("CERTIFICATE_PKCS11_TOKEN", "")
CERTIFICATE_PKCS11_PIN = envstr("CERTIFICATE_PKCS11_PIN", "")
CERTIFICATE_PKCS11_PIN_FILE = envstr("CERTIFICATE_PKCS11_PIN_FILE", "")
CERTIFICATE_PKCS11_KEY_LABEL = envstr("CERTIFICATE_PKCS11_KEY_LABEL", "")

SMS_PROVIDER = envstr("SMS_PROVIDER", "zhicheng.notifications.providers.LogProvider")
SMS_SIGN_NAME = envstr("SMS_SIGN_NAME", "北京职称评审")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# One JSON object per line with the request id (LOG_FORMAT=plain for a terminal; the DEBUG default).
LOG_FORMAT = envstr("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "zhicheng.core.ops.requests.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "zhicheng.core.ops.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"fontTools": {"level": "WARNING"}, "weasyprint": {"level": "ERROR"}, "pikepdf": {"level": "WARNING"}},
}

# --- Production: proxies, headers, static files, operations, and the refusal to run as a demo -------------------
# Stand-ins a staging deployment allows (payment-simulator, sms-log, education-file, dev-keys); pages then show
# a 测试环境 banner. A DEBUG demo allows them all.
STAND_INS = parse_stand_ins(envstr("STAND_INS", ""))
# The demo (make run, the tests) runs every stand-in; kept apart from DEBUG, which the test runner turns off.
DEMO = DEBUG
# Proxies in front of the app that append to X-Forwarded-For (nginx: 1); 0 trusts REMOTE_ADDR alone.
TRUSTED_PROXIES = envint("TRUSTED_PROXIES", 0)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# Probes and the metrics scraper talk to the app directly over HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # A form may lead to the payment gateway (the pay button redirects there): its origin, e.g. https://openapi.alipay.com
        "form-action": ["'self'", *[o for o in envstr("CSP_FORM_ACTION_ORIGINS", "").split(",") if o]],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    # Hashed names (app.3f2a….js) so that browsers never run an old script; `manage.py collectstatic` at deploy.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
# Prometheus: several gunicorn processes write to PROMETHEUS_MULTIPROC_DIR (read by prometheus-client itself);
# /metrics answers a bearer METRICS_TOKEN or a client in METRICS_ALLOWED_NETWORKS (comma list of CIDRs).
METRICS_TOKEN = envstr("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = [n for n in envstr("METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128").split(",") if n]
# /readyz fails when the oldest waiting background task is older than this.
READY_MAX_TASK_AGE_SECONDS = envint("READY_MAX_TASK_AGE_SECONDS", 600)
# Error reporting: off unless a DSN is set.
SENTRY_DSN = envstr("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = envstr("SENTRY_ENVIRONMENT", "staging" if STAND_INS else "production")
if SENTRY_DSN:
    init_sentry(SENTRY_DSN, environment=SENTRY_ENVIRONMENT, release=envstr("RELEASE", ""))
# Scheduler (manage.py run_scheduler): a certificate batch without progress for this long is taken as stalled.
BATCH_STALL_MINUTES = envint("BATCH_STALL_MINUTES", 15)
if not DEBUG:
    refuse_unsafe_settings(globals())
