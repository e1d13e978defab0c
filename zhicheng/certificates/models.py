"""Electronic title certificates and result notices (R-90), issued in batches, revocable (R-92)."""

from django.conf import settings
from django.db import models

from zhicheng.catalog.models import Level


class BatchStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "制发中"
    FINISHED = "finished", "已完成"
    FAILED = "failed", "失败"


class IssueBatch(models.Model):
    """One batch of certificates for the confirmed applications of a plan, made by a background task."""

    plan = models.ForeignKey("catalog.Plan", verbose_name="年度", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=20, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField("应制发", default=0)
    done = models.PositiveIntegerField("已制发", default=0)
    error = models.TextField("错误信息", blank=True)
    # Where the QR codes point (scheme and host of the page that started the batch); blank for relative links.
    base_url = models.CharField("站点地址", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "证书制发批次"
        verbose_name_plural = "证书制发批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan} 第{self.pk}批"


class CertificateStatus(models.TextChoices):
    VALID = "valid", "有效"
    REVOKED = "revoked", "已撤销"


class Certificate(models.Model):
    """The 电子职称证书 of one confirmed application; its fields are a snapshot taken at issue."""

    number = models.CharField("证书编号", max_length=40, unique=True)
    application = models.OneToOneField(
        "applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="certificate"
    )
    batch = models.ForeignKey(
        IssueBatch, verbose_name="批次", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="持证人", on_delete=models.PROTECT, related_name="certificates"
    )
    holder_name = models.CharField("姓名", max_length=60)
    masked_id_number = models.CharField("证件号码（隐藏部分）", max_length=40)
    series_name = models.CharField("系列", max_length=60)
    specialty_name = models.CharField("专业", max_length=60, blank=True)
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    committee_name = models.CharField("评审委员会", max_length=120)
    approved_on = models.DateField("评审通过（确认备案）日期")
    issued_at = models.DateTimeField("发证时间")
    decision_digest = models.CharField("评审决定记录摘要（SM3）", max_length=64)
    qr_payload = models.TextField("二维码载荷")
    pdf = models.FileField("电子职称证书", upload_to="certificates/")
    pdf_sha256 = models.CharField(max_length=64)
    notice_pdf = models.FileField("电子职称评价结果通知书", upload_to="certificates/")
    notice_sha256 = models.CharField(max_length=64)
    status = models.CharField("状态", max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.VALID)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "电子职称证书"
        verbose_name_plural = "电子职称证书"
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number
