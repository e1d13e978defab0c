"""What a production configuration must not be: a demo in disguise.

With DEBUG off, settings.py calls refuse_unsafe_settings() as its last step, so gunicorn, the workers, the
scheduler and every manage.py command stop before anything starts; checks.py reports the same problems to
`manage.py check --deploy`. A staging deployment names the stand-ins it allows in STAND_INS (env), and then
every page shows a 测试环境 banner. Standard library only: this runs while settings are being read.
"""

import importlib.util
import ipaddress
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAYMENT_SIMULATOR = "payment-simulator"
SMS_LOG = "sms-log"
EDUCATION_FILE = "education-file"
DEV_KEYS = "dev-keys"
STAND_IN_NAMES = (PAYMENT_SIMULATOR, SMS_LOG, EDUCATION_FILE, DEV_KEYS)

SIMULATED_GATEWAY = "zhicheng.fees.gateways.SimulatedGateway"
LOG_SMS_PROVIDER = "zhicheng.notifications.providers.LogProvider"
FILE_EDUCATION_RECORDS = "zhicheng.applications.education.RegistryFileRecords"

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_BITS = 128
# A random key spreads over its alphabet; the DEBUG key ("dev-only-insecure-key-000…") and "abab…" do not.
SECRET_KEY_MAX_SHARE_OF_ONE_CHAR = 0.2
INSECURE_PREFIXES = ("dev-only-insecure", "django-insecure")
HEX32 = re.compile(r"[0-9a-fA-F]{32}")
HEX64 = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class Problem:
    """One unsafe or malformed production setting, named as the operator sets it."""

    variable: str
    message: str

    def __str__(self) -> str:
        return f"{self.variable}: {self.message}"


class UnsafeSettings(Exception):
    """Raised instead of starting when the configuration is not fit for production."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"Refusing to start with DEBUG off; fix these settings:\n{lines}")


def parse_stand_ins(raw: str) -> tuple[str, ...]:
    """STAND_INS as a tuple of names; unknown names are reported by problems(), not dropped."""
    return tuple(name.strip() for name in raw.split(",") if name.strip())


def stand_in_allowed(name: str, *, demo: bool, stand_ins: Iterable[str]) -> bool:
    """Whether a stand-in may run: always in the demo (DEBUG at start-up), otherwise only when STAND_INS names it."""
    return demo or name in stand_ins


def _entropy_bits(secret: str) -> float:
    """Shannon entropy of the characters times the length: a guard against 'aaaa…' and 'change-me' keys."""
    if not secret:
        return 0.0
    counts = {char: secret.count(char) for char in set(secret)}
    per_char = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    return per_char * len(secret)


def _secret_problems(values: Mapping[str, Any]) -> list[Problem]:
    problems = []
    secret = str(values.get("SECRET_KEY", ""))
    if (
        len(secret) < SECRET_KEY_MIN_LENGTH
        or _entropy_bits(secret) < SECRET_KEY_MIN_BITS
        or max(secret.count(char) for char in secret) > len(secret) * SECRET_KEY_MAX_SHARE_OF_ONE_CHAR
        or secret.startswith(INSECURE_PREFIXES)
    ):
        problems.append(
            Problem(
                "SECRET_KEY",
                f"must be a random string of at least {SECRET_KEY_MIN_LENGTH} characters "
                '(python -c "import secrets; print(secrets.token_urlsafe(64))")',
            )
        )
    keys = {}
    for name in ("FIELD_ENCRYPTION_KEY", "LOOKUP_HASH_KEY"):
        keys[name] = str(values.get(name, ""))
        if not HEX32.fullmatch(keys[name]):
            problems.append(
                Problem(
                    name, 'must be 32 hexadecimal characters (python -c "import secrets; print(secrets.token_hex(16))")'
                )
            )
        elif len(set(keys[name].lower())) < 8:
            problems.append(Problem(name, "is not random enough (fewer than 8 different hex digits)"))
    if keys["FIELD_ENCRYPTION_KEY"] and keys["FIELD_ENCRYPTION_KEY"].lower() == keys["LOOKUP_HASH_KEY"].lower():
        problems.append(Problem("LOOKUP_HASH_KEY", "must differ from FIELD_ENCRYPTION_KEY"))
    audit_key = str(values.get("AUDIT_KEY", ""))
    if not audit_key:
        problems.append(
            Problem("AUDIT_KEY", "must be set (or AUDIT_KEY_FILE) when DEBUG is off: 64 hexadecimal characters")
        )
    elif not HEX64.fullmatch(audit_key) or len(set(audit_key.lower())) < 8:
        problems.append(
            Problem(
                "AUDIT_KEY",
                'must be 64 random hexadecimal characters (python -c "import secrets; print(secrets.token_hex(32))")',
            )
        )
    return problems


def _database_problems(values: Mapping[str, Any]) -> list[Problem]:
    database = values.get("DATABASES", {}).get("default", {})
    if not values.get("DATABASE_URL") or database.get("ENGINE") != "django.db.backends.postgresql":
        return [Problem("DATABASE_URL", "must be set to a postgres://user:password@host:port/name URL")]
    if not database.get("NAME") or not database.get("HOST"):
        return [Problem("DATABASE_URL", "must name the host and the database")]
    return []


def _stand_in_problems(values: Mapping[str, Any]) -> list[Problem]:
    problems = []
    allowed = values.get("STAND_INS", ())
    unknown = [name for name in allowed if name not in STAND_IN_NAMES]
    if unknown:
        problems.append(
            Problem("STAND_INS", f"unknown stand-in {', '.join(unknown)}; known: {', '.join(STAND_IN_NAMES)}")
        )

    def refuse(variable: str, stand_in: str, what: str) -> None:
        if stand_in not in allowed:
            problems.append(Problem(variable, f"{what}; configure the real one or add {stand_in} to STAND_INS"))

    if values.get("PAYMENT_GATEWAY") == SIMULATED_GATEWAY:
        refuse("PAYMENT_GATEWAY", PAYMENT_SIMULATOR, "is the simulated cashier (applicants could mark fees paid)")
    if values.get("SMS_PROVIDER") == LOG_SMS_PROVIDER:
        refuse("SMS_PROVIDER", SMS_LOG, "is the log provider (codes are written to the log, nothing is sent)")
    if values.get("EDUCATION_RECORDS") == FILE_EDUCATION_RECORDS:
        refuse("EDUCATION_RECORDS", EDUCATION_FILE, "is the registry file, not the education records service")
    has_pdf_signer = (values.get("CERTIFICATE_KEY_FILE") and values.get("CERTIFICATE_CERT_FILE")) or values.get(
        "CERTIFICATE_PKCS11_MODULE"
    )
    if not has_pdf_signer:
        refuse(
            "CERTIFICATE_KEY_FILE",
            DEV_KEYS,
            "CERTIFICATE_KEY_FILE and CERTIFICATE_CERT_FILE (or CERTIFICATE_PKCS11_MODULE) are unset, "
            "so certificates would be signed with a development key",
        )
    if not values.get("CERTIFICATE_QR_KEY_FILE"):
        refuse("CERTIFICATE_QR_KEY_FILE", DEV_KEYS, "is unset, so QR codes would be signed with a development key")
    for name in ("CERTIFICATE_KEY_FILE", "CERTIFICATE_CERT_FILE", "CERTIFICATE_QR_KEY_FILE"):
        path = values.get(name)
        if path and not Path(path).is_file():
            problems.append(Problem(name, f"names {path}, which is not a readable file"))
    return problems


def _module_of(dotted: str) -> str:
    return dotted.rpartition(".")[0]


def _adapter_problems(values: Mapping[str, Any]) -> list[Problem]:
    """The adapters' modules exist (a typo would otherwise surface at the first payment or SMS)."""
    problems = []
    for name in ("PAYMENT_GATEWAY", "SMS_PROVIDER", "EDUCATION_RECORDS", "TASKS_BACKEND"):
        dotted = str(values.get(name) or "")
        if name == "TASKS_BACKEND":
            dotted = str(values.get("TASKS", {}).get("default", {}).get("BACKEND", ""))
        try:
            found = bool(_module_of(dotted)) and importlib.util.find_spec(_module_of(dotted)) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            problems.append(Problem(name, f"names {dotted!r}, whose module cannot be found"))
    return problems


def _storage_problems(values: Mapping[str, Any]) -> list[Problem]:
    if values.get("STORAGE_BACKEND") != "s3":
        return []
    problems = []
    missing = [module for module in ("storages", "boto3") if importlib.util.find_spec(module) is None]
    if missing:
        problems.append(
            Problem(
                "STORAGE_BACKEND",
                f"is s3 but {' and '.join(missing)} cannot be imported (pip install django-storages[s3])",
            )
        )
    options = values.get("STORAGES", {}).get("default", {}).get("OPTIONS", {})
    if not options.get("bucket_name"):
        problems.append(Problem("S3_BUCKET", "must name the bucket when STORAGE_BACKEND is s3"))
    if not options.get("endpoint_url"):
        problems.append(Problem("S3_ENDPOINT_URL", "must be the object store's URL when STORAGE_BACKEND is s3"))
    return problems


def _network_problems(values: Mapping[str, Any]) -> list[Problem]:
    problems = []
    hosts = values.get("ALLOWED_HOSTS", [])
    if not hosts or "*" in hosts:
        problems.append(Problem("ALLOWED_HOSTS", "must list the public host names (not *)"))
    if int(values.get("TRUSTED_PROXIES", 0)) < 0:
        problems.append(Problem("TRUSTED_PROXIES", "must be 0 or the number of proxies in front of the app"))
    for network in values.get("METRICS_ALLOWED_NETWORKS", []):
        try:
            ipaddress.ip_network(network.strip(), strict=False)
        except ValueError:
            problems.append(Problem("METRICS_ALLOWED_NETWORKS", f"{network!r} is not a network like 10.0.0.0/8"))
    return problems


def problems(values: Mapping[str, Any]) -> list[Problem]:
    """Everything that makes these settings unfit for production, in the order an operator fixes them."""
    return [
        *_secret_problems(values),
        *_database_problems(values),
        *_network_problems(values),
        *_stand_in_problems(values),
        *_adapter_problems(values),
        *_storage_problems(values),
    ]


def refuse_unsafe_settings(values: Mapping[str, Any]) -> None:
    """Stop start-up with every problem listed; nothing runs on a half-valid configuration."""
    found = problems(values)
    if found:
        raise UnsafeSettings(found)
