"""The integrity archive (诚信档案库): fraud and misconduct records, found by a keyed hash of the ID number."""

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from zhicheng.core.crypto import lookup_hash
from zhicheng.core.fields import EncryptedTextField
from zhicheng.core.masking import mask_id_number

RECORD_YEARS = 3  # 第四十一条: 记录期限为3年


class RecordKind(models.TextChoices):
    APPLICANT_FRAUD = "applicant_fraud", "申报人弄虚作假（黑名单）"
    EXPERT_MISCONDUCT = "expert_misconduct", "评审专家违反评审纪律"
    AGENCY_STAFF = "agency_staff", "评审机构工作人员违纪违规"


class AppealStatus(models.TextChoices):
    PENDING = "pending", "申诉受理中"
    UPHELD = "upheld", "申诉成立，记录撤销"
    REJECTED = "rejected", "申诉不成立，维持记录"


def _evidence_name(instance: "IntegrityRecord | FraudCase", filename: str) -> str:
    return f"integrity/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class IntegrityRecord(models.Model):
    """One record; it runs from recorded_on until the day before expires_on unless revoked (R-14, R-24, R-100)."""

    id_number_hash = models.CharField("证件号码查询摘要", max_length=64, db_index=True, editable=False)
    id_number = EncryptedTextField("证件号码")
    name = models.CharField("姓名", max_length=60)
    kind = models.CharField("类别", max_length=30, choices=RecordKind.choices, default=RecordKind.APPLICANT_FRAUD)
    reason = models.TextField("失信事实")
    recorded_on = models.DateField("记录日期")
    expires_on = models.DateField("记录届满日期", blank=True, help_text="留空则为记录日期起3年")
    decision_number = models.CharField("处理决定文号", max_length=80, blank=True)
    evidence = models.FileField("证据材料", upload_to=_evidence_name, max_length=200, blank=True)
    evidence_sha256 = models.CharField("证据SHA-256", max_length=64, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        verbose_name="涉及的申报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_records",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name="所在单位或机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integrity_records",
    )
    promotion_barred_until = models.DateField(
        "职称及岗位晋升限制至", null=True, blank=True, help_text="情节严重的，3年内不得晋升职称和岗位（R-25）"
    )
    is_shared = models.BooleanField("已报送全国信用信息共享平台", default=False, help_text="R-25, R-100")
    appeal = models.TextField("申诉情况", blank=True)
    appeal_status = models.CharField("申诉状态", max_length=20, choices=AppealStatus.choices, blank=True)
    is_revoked = models.BooleanField("已撤销", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "诚信档案记录"
        verbose_name_plural = "诚信档案记录"
        ordering = ["-recorded_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(expires_on__gt=models.F("recorded_on")), name="record_runs")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}，至{self.expires_on:%Y-%m-%d}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._fill_derived()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self._fill_derived()
        if self.recorded_on and self.expires_on and self.expires_on <= self.recorded_on:
            raise ValidationError({"expires_on": "记录届满日期须晚于记录日期"})

    def _fill_derived(self) -> None:
        self.id_number = self.id_number.strip().upper()
        self.id_number_hash = lookup_hash(self.id_number)
        if self.expires_on is None and self.recorded_on:
            self.expires_on = add_years(self.recorded_on, RECORD_YEARS)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def is_active_on(self, day: datetime.date) -> bool:
        return not self.is_revoked and self.recorded_on <= day < self.expires_on


class CaseStatus(models.TextChoices):
    PROPOSED = "proposed", "评审机构已提出，待市人社局决定"
    CANCELLED = "cancelled", "已取消申报资格"
    DISMISSED = "dismissed", "不予认定"


class FraudCase(models.Model):
    """The agency's proposal to cancel an application for fraud and the bureau's decision on it (R-25)."""

    application = models.ForeignKey(
        "applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="fraud_cases"
    )
    facts = models.TextField("弄虚作假事实")
    evidence = models.FileField("证据材料", upload_to=_evidence_name, max_length=200, blank=True)
    evidence_name = models.CharField("证据文件名", max_length=200, blank=True)
    evidence_sha256 = models.CharField("证据SHA-256", max_length=64, blank=True)
    finding = models.ForeignKey(
        "comparison.Finding",
        verbose_name="数据比对发现",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fraud_cases",
    )
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField("提出时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decision_number = models.CharField("处理决定文号", max_length=80, blank=True)
    decision_note = models.TextField("决定意见", blank=True)
    is_serious = models.BooleanField("情节严重", default=False)
    record = models.OneToOneField(
        IntegrityRecord,
        verbose_name="诚信档案记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fraud_case",
    )

    class Meta:
        verbose_name = "弄虚作假处理"
        verbose_name_plural = "弄虚作假处理"
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="proposed"),
                name="one_open_fraud_case_per_application",
                violation_error_message="该申报已有待决定的取消申报资格建议",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application}：{self.get_status_display()}"
