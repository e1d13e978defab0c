"""Lookups of certificates by the public (R-91), logged so that the holder sees who looked."""

from django.db import models
from django.utils import timezone

from zhicheng.core.fields import EncryptedTextField
from zhicheng.core.masking import mask_phone


class Method(models.TextChoices):
    NUMBER_NAME = "number_name", "证书编号和姓名"
    QR = "qr", "扫描二维码"
    API = "api", "接口查询"


class Lookup(models.Model):
    """One public lookup, found or not; the verifier's phone only when they asked for full details."""

    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name="证书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lookups",
    )
    at = models.DateTimeField("查验时间", default=timezone.now)
    method = models.CharField("查验方式", max_length=20, choices=Method.choices)
    found = models.BooleanField("查到证书", default=False)
    # Keyed hash of the client address, only for the hourly limit.
    requester_digest = models.CharField(max_length=64, editable=False)
    verifier_phone = EncryptedTextField("查验人手机号码", blank=True)
    verifier_phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    details_shown = models.BooleanField("已查看详细信息", default=False)

    class Meta:
        verbose_name = "证书查验记录"
        verbose_name_plural = "证书查验记录"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["requester_digest", "at"], name="lookup_requester_recent_idx"),
            models.Index(fields=["certificate", "at"], name="lookup_certificate_idx"),
        ]

    def __str__(self) -> str:
        return f"查验 {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.verifier_phone)


class DetailsCode(models.Model):
    """A 6-digit SMS code that unlocks a lookup's full details; only its keyed hash is stored."""

    lookup = models.ForeignKey(Lookup, verbose_name="查验记录", on_delete=models.CASCADE, related_name="codes")
    phone_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "查验短信验证码"
        verbose_name_plural = "查验短信验证码"
        indexes = [models.Index(fields=["phone_hash", "created_at"], name="details_code_phone_recent_idx")]

    def __str__(self) -> str:
        return f"验证码 {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"
