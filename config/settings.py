"""Settings read from the environment; every variable is listed in .env.example."""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

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
    return default if raw is None else int(raw)


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
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-" + "0" * 40
# Keys for personal data: 32 hex characters each (SM4-128 and the HMAC-SM3 lookup key).
# In DEBUG they are derived from SECRET_KEY so that `make run` works without configuration.
FIELD_ENCRYPTION_KEY = envstr("FIELD_ENCRYPTION_KEY", "")
LOOKUP_HASH_KEY = envstr("LOOKUP_HASH_KEY", "")
if not DEBUG and not (FIELD_ENCRYPTION_KEY and LOOKUP_HASH_KEY):
    raise RuntimeError("FIELD_ENCRYPTION_KEY and LOOKUP_HASH_KEY must be set when DEBUG is off")

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
    "zhicheng.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
            ],
        },
    },
]

DATA_DIR = Path(envstr("DATA_DIR", str(BASE_DIR / "var")))
DATABASE_URL = envstr("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "zhicheng.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
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
# Uploads live outside the web root and are served only through access-checked views.
MEDIA_ROOT = DATA_DIR / "media"
STORAGE_BACKEND = envstr("STORAGE_BACKEND", "filesystem")
if STORAGE_BACKEND == "s3":
    _default_storage: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("S3_BUCKET", ""),
            "endpoint_url": envstr("S3_ENDPOINT_URL", ""),
            "region_name": envstr("S3_REGION", ""),
            "access_key": envstr("S3_ACCESS_KEY", ""),
            "secret_key": envstr("S3_SECRET_KEY", ""),
            "default_acl": "private",
            "querystring_auth": True,
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

# Certificates: the bureau's PDF signing key and certificate (PEM), and the Ed25519 key that signs
# QR payloads and the revocation list. Unset, a development key pair is made once under DATA_DIR/keys.
CERTIFICATE_KEY_FILE = envstr("CERTIFICATE_KEY_FILE", "")
CERTIFICATE_CERT_FILE = envstr("CERTIFICATE_CERT_FILE", "")
CERTIFICATE_QR_KEY_FILE = envstr("CERTIFICATE_QR_KEY_FILE", "")
CERTIFICATE_KEY_DIR = DATA_DIR / "keys"

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"fontTools": {"level": "WARNING"}, "weasyprint": {"level": "ERROR"}},
}
