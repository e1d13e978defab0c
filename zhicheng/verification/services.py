"""Public verification of certificates (网上查验, R-91, R-92): by number and name or by QR, then full details by SMS."""

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhicheng.accounts.verification import validate_mobile
from zhicheng.certificates import qr, records
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.core import ratelimit
from zhicheng.core.crypto import constant_time_equal, lookup_hash
from zhicheng.core.errors import DomainError
from zhicheng.core.masking import mask_name
from zhicheng.core.ratelimit import RateLimited, Rule
from zhicheng.notifications.services import queue_sms
from zhicheng.verification.models import DetailsCode, Lookup, Method

LOOKUPS_PER_REQUESTER_PER_HOUR = 20
CODES_PER_PHONE_PER_DAY = 5
CODES_PER_REQUESTER_PER_DAY = 10
LOOKUPS_PER_REQUESTER = Rule(
    "verify-lookup-client",
    limit=LOOKUPS_PER_REQUESTER_PER_HOUR,
    window=datetime.timedelta(hours=1),
    message=f"查验过于频繁：每小时最多查验{LOOKUPS_PER_REQUESTER_PER_HOUR}次，请在 {{minutes}} 分钟后再试",
)
CODES_PER_PHONE = Rule(
    "verify-code-phone",
    limit=CODES_PER_PHONE_PER_DAY,
    per_day=True,
    message=f"该手机号码今日获取验证码已达{CODES_PER_PHONE_PER_DAY}次，请明天再试",
)
CODES_PER_REQUESTER = Rule(
    "verify-code-client",
    limit=CODES_PER_REQUESTER_PER_DAY,
    per_day=True,
    message="今日获取验证码次数已达上限，请明天再试",
)
CODE_LIFETIME = datetime.timedelta(minutes=10)
MAX_WRONG_CODES = 5
# How long after a successful lookup the verifier may ask for and read the full details.
DETAILS_WINDOW = datetime.timedelta(minutes=30)
MAX_NUMBER_CHARS = 40
MAX_NAME_CHARS = 60
MAX_PAYLOAD_CHARS = 2000

NOT_FOUND = "未查询到相符的证书，请核对证书编号和姓名"
TAMPERED = "二维码内容无效或已被篡改"
RECORD_MATCHES = "评审决定记录与证书一致"
RECORD_DIFFERS = "评审决定记录与证书不一致"


class VerificationError(DomainError):
    """A refused lookup or code step; code and status are for the API."""

    def __init__(self, message: str, *, code: str = "invalid", status: int = 400, field: str | None = None) -> None:
        super().__init__(message, rule="R-91", field=field)
        self.code = code
        self.status = status


@dataclass(frozen=True)
class Answer:
    """What one lookup found: the certificate, or nothing (with the reason shown to the verifier)."""

    lookup: Lookup
    certificate: Certificate | None
    payload_valid: bool = True

    @property
    def message(self) -> str:
        if not self.payload_valid:
            return TAMPERED
        return "" if self.certificate else NOT_FOUND

    @property
    def status_text(self) -> str:
        return describe_status(self.certificate) if self.certificate else ""

    @property
    def masked_name(self) -> str:
        return mask_name(self.certificate.holder_name) if self.certificate else ""


@dataclass(frozen=True)
class Details:
    """The full details shown after the SMS step, with the check of the decision record."""

    certificate: Certificate
    record_matches: bool

    @property
    def record_text(self) -> str:
        return RECORD_MATCHES if self.record_matches else RECORD_DIFFERS

    @property
    def status_text(self) -> str:
        return describe_status(self.certificate)

    @property
    def masked_name(self) -> str:
        return mask_name(self.certificate.holder_name)


def requester_digest(address: str) -> str:
    return lookup_hash(f"verify-requester:{address}")


def describe_status(certificate: Certificate) -> str:
    """有效, or 已撤销 with the day of revocation (R-92)."""
    if certificate.status != CertificateStatus.REVOKED:
        return CertificateStatus.VALID.label
    if certificate.revoked_at is None:
        return CertificateStatus.REVOKED.label
    day = timezone.localdate(certificate.revoked_at)
    return f"{CertificateStatus.REVOKED.label}（撤销日期：{day.year}年{day.month}月{day.day}日）"


def _refuse(limited: RateLimited, *, code: str) -> VerificationError:
    return VerificationError(limited.message, code=code, status=429)


def _log(certificate: Certificate | None, *, method: str, requester: str) -> Lookup:
    digest = requester_digest(requester)
    try:
        ratelimit.take(LOOKUPS_PER_REQUESTER, digest)
    except RateLimited as limited:
        raise _refuse(limited, code="rate_limited") from None
    return Lookup.objects.create(
        certificate=certificate, method=method, found=certificate is not None, requester_digest=digest
    )


def lookup_by_number(number: str, name: str, *, requester: str, method: str = Method.NUMBER_NAME) -> Answer:
    """Find a certificate by its number and the holder's name; a wrong number or name alike find nothing."""
    number, name = number.strip(), name.strip()
    if not number:
        raise VerificationError("请填写证书编号", field="number")
    if not name:
        raise VerificationError("请填写持证人姓名", field="name")
    if len(number) > MAX_NUMBER_CHARS:
        raise VerificationError(f"证书编号不能超过{MAX_NUMBER_CHARS}个字符", field="number")
    if len(name) > MAX_NAME_CHARS:
        raise VerificationError(f"姓名不能超过{MAX_NAME_CHARS}个字", field="name")
    certificate = Certificate.objects.filter(number=number, holder_name=name).first()
    return Answer(_log(certificate, method=method, requester=requester), certificate)


def lookup_by_qr(payload: str, *, requester: str, method: str = Method.QR) -> Answer:
    """Check the QR payload's signature, then look up the certificate's current status (R-92)."""
    payload = payload.strip()
    if not payload:
        raise VerificationError("请粘贴二维码内容", field="payload")
    fields = qr.verify_payload(payload) if len(payload) <= MAX_PAYLOAD_CHARS else None
    certificate = Certificate.objects.filter(number=fields["n"]).first() if fields else None
    return Answer(_log(certificate, method=method, requester=requester), certificate, payload_valid=fields is not None)


def open_lookup(lookup_id: object) -> Lookup | None:
    """The successful lookup remembered for this visitor, if it is recent enough to ask for details."""
    if not isinstance(lookup_id, int):
        return None
    since = timezone.now() - DETAILS_WINDOW
    recent = Lookup.objects.filter(pk=lookup_id, found=True, at__gte=since)
    return recent.select_related("certificate__application").first()


def _code_hash(phone_hash: str, code: str) -> str:
    return lookup_hash(f"verify-details-code:{phone_hash}:{code}")


def request_details_code(lookup: Lookup, phone: str) -> DetailsCode:
    """Send a 6-digit code to the verifier's phone; the phone is kept on the lookup for the holder to see."""
    try:
        phone = validate_mobile(phone)
    except ValidationError:
        raise VerificationError("请填写11位中国大陆手机号码", field="phone") from None
    phone_hash = lookup_hash(phone)
    now = timezone.now()
    try:
        ratelimit.check(CODES_PER_PHONE, phone_hash)
        ratelimit.check(CODES_PER_REQUESTER, lookup.requester_digest)
    except RateLimited as limited:
        raise _refuse(limited, code="daily_limit") from None
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        lookup.verifier_phone, lookup.verifier_phone_hash = phone, phone_hash
        lookup.save(update_fields=["verifier_phone", "verifier_phone_hash"])
        sent = DetailsCode.objects.create(
            lookup=lookup, phone_hash=phone_hash, code_hash=_code_hash(phone_hash, code), expires_at=now + CODE_LIFETIME
        )
        minutes = str(int(CODE_LIFETIME.total_seconds() // 60))
        queue_sms(phone, "verify_certificate_code", {"code": code, "minutes": minutes}, about=sent)
        ratelimit.hit(CODES_PER_PHONE, phone_hash)
        ratelimit.hit(CODES_PER_REQUESTER, lookup.requester_digest)
    return sent


def check_details_code(lookup: Lookup, code: str) -> Details:
    """Check the newest code of the lookup; a wrong code counts against its tries. Shows the details."""
    sent = lookup.codes.order_by("-created_at", "-id").first()
    if sent is None:
        raise VerificationError("请先获取短信验证码", code="code_missing", field="code")
    if sent.used_at is not None or sent.expires_at <= timezone.now():
        raise VerificationError("短信验证码已失效，请重新获取", code="code_expired", field="code")
    if sent.failed_attempts >= MAX_WRONG_CODES:
        raise VerificationError("短信验证码错误次数过多，请重新获取", code="code_locked", field="code")
    if not constant_time_equal(sent.code_hash, _code_hash(sent.phone_hash, code.strip())):
        # Outside any transaction, so that the wrong try stays counted.
        DetailsCode.objects.filter(pk=sent.pk).update(failed_attempts=F("failed_attempts") + 1)
        raise VerificationError("短信验证码不正确", code="code_wrong", field="code")
    with transaction.atomic():
        if not DetailsCode.objects.filter(pk=sent.pk, used_at__isnull=True).update(used_at=timezone.now()):
            raise VerificationError("短信验证码已失效，请重新获取", code="code_expired", field="code")
        Lookup.objects.filter(pk=lookup.pk).update(details_shown=True)
    lookup.details_shown = True
    return certificate_details(lookup)


def certificate_details(lookup: Lookup) -> Details:
    """The full details of the lookup's certificate, with the decision record checked now."""
    if lookup.certificate is None or not lookup.details_shown:
        raise VerificationError("请先查询证书并完成短信验证", code="lookup_required")
    certificate = lookup.certificate
    try:
        matches = records.decision_record_digest(certificate.application) == certificate.decision_digest
    except ObjectDoesNotExist:
        # The record cannot be rebuilt (its evaluation entry, result or minutes are gone).
        matches = False
    return Details(certificate, matches)
