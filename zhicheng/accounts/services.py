"""Accounts: real-name registration (R-20), password login with throttling, the staff second factor."""

import re
import secrets
import unicodedata
from dataclasses import dataclass

import pyotp
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.accounts import identity, throttling, verification
from zhicheng.accounts.models import STAFF_ROLES, Organization, Role, User
from zhicheng.audit.services import record
from zhicheng.core import crypto, ratelimit
from zhicheng.core.errors import DomainError

TOTP_ISSUER = "北京市职称评审服务平台"
NAME_MAX_LENGTH = 60
DUPLICATE_ID_MESSAGE = "该证件号码已注册，请直接登录"
DUPLICATE_PHONE_MESSAGE = "该手机号码已被其他账号使用，请直接登录或更换号码"
WRONG_CREDENTIALS_MESSAGE = "账号或密码错误"


class LoginRefused(DomainError):
    """A refused login step; the message is for the user and never tells whether the account exists."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Registration:
    real_name: str
    id_type: str
    id_number: str
    work_permit_number: str
    phone: str
    sms_code: str
    password: str


@dataclass(frozen=True)
class _CleanRegistration:
    real_name: str
    id_type: str
    id_number: str
    work_permit_number: str
    phone: str


def _clean_registration(data: Registration) -> _CleanRegistration:
    """Normalize every field, collecting all problems into one ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}

    name = unicodedata.normalize("NFC", data.real_name).strip()
    if not name:
        errors["real_name"] = ["请填写姓名"]
    elif len(name) > NAME_MAX_LENGTH:
        errors["real_name"] = [f"姓名不能超过{NAME_MAX_LENGTH}个字符"]
    elif any(unicodedata.category(ch).startswith("C") for ch in name):
        errors["real_name"] = ["姓名中含有不可见的控制字符"]
    cleaned["real_name"] = name

    checks = {
        "id_number": lambda: identity.validate_id_number(data.id_type, data.id_number),
        "work_permit_number": lambda: identity.validate_work_permit_number(data.id_type, data.work_permit_number),
        "phone": lambda: verification.validate_mobile(data.phone),
    }
    for field, check in checks.items():
        try:
            cleaned[field] = check()
        except ValidationError as exc:
            target = "id_type" if exc.code == "id_type" else field
            errors.setdefault(target, []).extend(exc.messages)

    try:
        validate_password(data.password, User(username="applicant", real_name=name))
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return _CleanRegistration(id_type=data.id_type, **cleaned)


def register_applicant(data: Registration) -> User:
    """Create an applicant account with a verified phone; raises ValidationError keyed by form field.

    Nothing is saved unless every field is valid and the SMS code matches; a wrong code still
    counts against the code's tries.
    """
    clean = _clean_registration(data)
    if User.objects.filter(id_number_hash=crypto.lookup_hash(clean.id_number)).exists():
        raise ValidationError({"id_number": DUPLICATE_ID_MESSAGE})
    if User.objects.filter(phone_hash=crypto.lookup_hash(clean.phone)).exists():
        raise ValidationError({"phone": DUPLICATE_PHONE_MESSAGE})
    try:
        code = verification.check_phone_code(clean.phone, data.sms_code)
    except verification.VerificationError as exc:
        raise ValidationError({"sms_code": exc.message}) from exc

    user = User(
        username="a" + secrets.token_hex(8),
        role=Role.APPLICANT,
        real_name=clean.real_name,
        work_permit_number=clean.work_permit_number,
        phone_verified_at=timezone.now(),
    )
    user.set_id_number(clean.id_type, clean.id_number)
    user.set_phone(clean.phone)
    user.set_password(data.password)
    try:
        with transaction.atomic():
            verification.consume_phone_code(code)
            user.save()
            record(user, by=user, action="register", to_state="active", data={"id_type": clean.id_type})
    except verification.VerificationError as exc:
        raise ValidationError({"sms_code": exc.message}) from exc
    except IntegrityError as exc:  # the same document registered concurrently
        raise ValidationError({"id_number": DUPLICATE_ID_MESSAGE}) from exc
    return user


def check_password_login(identifier: str, password: str, *, ip: str) -> User:
    """The user for identifier + password, or LoginRefused; unknown and known identifiers fare alike."""
    account = identifier.strip().upper()
    try:
        ratelimit.check(throttling.CLIENT_ACCOUNT, ip, account)
        ratelimit.check(throttling.CLIENT, ip)
    except ratelimit.RateLimited as exc:
        raise LoginRefused(exc.message, code="locked") from None
    user = authenticate(None, username=identifier, password=password)
    if not isinstance(user, User):
        ratelimit.hit(throttling.CLIENT_ACCOUNT, ip, account)
        ratelimit.hit(throttling.CLIENT, ip)
        raise LoginRefused(WRONG_CREDENTIALS_MESSAGE, code="invalid_credentials")
    ratelimit.clear(throttling.CLIENT_ACCOUNT, ip, account)
    return user


def ensure_totp_secret(user: User) -> str:
    """The user's TOTP secret, created on first use."""
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        user.save(update_fields=["totp_secret"])
    return user.totp_secret


def current_totp_code(user: User) -> str:
    return pyotp.TOTP(ensure_totp_secret(user)).at(timezone.now())


def totp_provisioning_uri(user: User) -> str:
    """otpauth:// URI for an authenticator app (shown as a QR code or typed in)."""
    return pyotp.TOTP(ensure_totp_secret(user)).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)


def _matching_step(secret: str, code: str) -> int | None:
    """The 30-second step whose code matches, within one step either side (pyotp's valid_window=1)."""
    if not secret or not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(timezone.now())
    for step in (current - 1, current, current + 1):
        if crypto.constant_time_equal(totp.generate_otp(step), code):
            return step
    return None


def verify_second_factor(user: User, code: str) -> None:
    """Accept a TOTP code once (a used step cannot be replayed), or raise LoginRefused."""
    try:
        ratelimit.check(throttling.SECOND_FACTOR, str(user.pk))
    except ratelimit.RateLimited as exc:
        raise LoginRefused(exc.message, code="locked") from None
    step = _matching_step(user.totp_secret, code.strip())
    accepted = step is not None and User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(totp_last_step=step)
    if not accepted:
        ratelimit.hit(throttling.SECOND_FACTOR, str(user.pk))
        raise LoginRefused("动态口令不正确或已使用，请输入验证器上最新的6位动态口令", code="totp_invalid")
    ratelimit.clear(throttling.SECOND_FACTOR, str(user.pk))


@transaction.atomic
def create_staff_user(
    username: str,
    password: str,
    role: str,
    real_name: str,
    organization: Organization | None = None,
    *,
    by: User | None = None,
) -> User:
    """Create a staff, expert or bureau account with a TOTP secret; raises ValidationError on bad input."""
    if role not in STAFF_ROLES:
        raise ValidationError({"role": "只能为工作人员、专家和人社部门创建账号，申报人请自行注册"})
    user = User(
        username=username,
        role=role,
        real_name=real_name,
        organization=organization,
        # Bureau staff maintain the catalog, calendar and integrity archive in the Django admin.
        is_staff=role == Role.BUREAU,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    ensure_totp_secret(user)
    record(user, by=by, action="create_staff", to_state=role)
    return user
