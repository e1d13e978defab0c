"""The expert pool (专家库, R-62), the confidentiality agreement (R-74) and committee filings (R-61, R-03)."""

import datetime

from django.conf import settings
from django.db import models

from zhicheng.catalog.models import Level
from zhicheng.core import crypto
from zhicheng.core.fields import EncryptedTextField
from zhicheng.core.masking import mask_phone

# The confidentiality agreement's current version; a new version must be signed again before taking part.
AGREEMENT_VERSION = "2024.1"


class ExpertStatus(models.TextChoices):
    CANDIDATE = "candidate", "待备案"
    FILED = "filed", "已备案"
    RETIRED = "retired", "已退出"


class Expert(models.Model):
    """One expert of a pool: the city's pool, or a self-evaluating unit's own list (pool_owner)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expert",
    )
    name = models.CharField("姓名", max_length=60)
    phone = EncryptedTextField("手机号码", blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    series = models.ForeignKey("catalog.Series", verbose_name="系列", on_delete=models.PROTECT, related_name="experts")
    specialty = models.ForeignKey(
        "catalog.Specialty",
        verbose_name="专业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="experts",
    )
    level = models.CharField("职称级别", max_length=20, choices=Level.choices)
    title_name = models.CharField("职称名称", max_length=60, blank=True)
    unit = models.ForeignKey(
        "accounts.Organization",
        verbose_name="工作单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="experts",
    )
    unit_name = models.CharField("工作单位名称", max_length=120, blank=True)
    is_grassroots = models.BooleanField("基层一线专家", default=False)
    is_central_unit = models.BooleanField("中央单位专家", default=False)
    is_non_public = models.BooleanField("非公领域专家", default=False)
    is_young = models.BooleanField("青年专家", default=False)
    pool_owner = models.ForeignKey(
        "accounts.Organization",
        verbose_name="自主评聘单位专家名单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_experts",
        help_text="留空为全市专家库",
    )
    status = models.CharField("状态", max_length=20, choices=ExpertStatus.choices, default=ExpertStatus.CANDIDATE)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    retired_on = models.DateField("退出日期", null=True, blank=True)
    retire_reason = models.CharField("退出原因", max_length=200, blank=True)
    confidentiality_signed_at = models.DateTimeField("签署保密协议时间", null=True, blank=True)
    confidentiality_version = models.CharField("保密协议版本", max_length=20, blank=True)

    class Meta:
        verbose_name = "评审专家"
        verbose_name_plural = "评审专家"
        ordering = ["id"]
        indexes = [models.Index(fields=["series", "status", "level"], name="expert_pool_idx")]

    def __str__(self) -> str:
        return self.name

    def set_phone(self, value: str) -> None:
        self.phone = value
        self.phone_hash = crypto.lookup_hash(value) if value else ""

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def has_signed_confidentiality(self) -> bool:
        """Signed the current version of the confidentiality agreement (R-74)."""
        return self.confidentiality_signed_at is not None and self.confidentiality_version == AGREEMENT_VERSION

    @property
    def categories(self) -> list[str]:
        flags = {
            "is_grassroots": "基层一线",
            "is_central_unit": "中央单位",
            "is_non_public": "非公领域",
            "is_young": "青年",
        }
        return [label for field, label in flags.items() if getattr(self, field)]


class FilingStatus(models.TextChoices):
    SUBMITTED = "submitted", "待市局核准"
    APPROVED = "approved", "已核准备案"
    REJECTED = "rejected", "未予核准"


class CommitteeFiling(models.Model):
    """The agency asks the bureau to file (核准备案) a committee: its size and validity (R-61, R-03)."""

    committee = models.ForeignKey(
        "catalog.Committee", verbose_name="评委会", on_delete=models.PROTECT, related_name="filings"
    )
    size = models.PositiveSmallIntegerField("评委会评审专家人数")
    vice_chairs = models.PositiveSmallIntegerField("副主任委员人数", default=1)
    filed_experts = models.PositiveSmallIntegerField(
        "申请备案的专家人数下限", null=True, blank=True, help_text="人数不足25人（系列）或11人（专业）时填写并说明理由"
    )
    reason = models.TextField("说明", blank=True)
    valid_from = models.DateField("有效期自")
    valid_until = models.DateField("有效期至")
    status = models.CharField("状态", max_length=20, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    filing_number = models.CharField("备案编号", max_length=60, blank=True)
    decision_note = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "评委会核准备案"
        verbose_name_plural = "评委会核准备案"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.committee} {self.valid_from}—{self.valid_until}"

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day <= self.valid_until
