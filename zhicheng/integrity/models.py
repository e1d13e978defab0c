"""The integrity archive (诚信档案库): fraud and misconduct records, found by a keyed hash of the ID number."""

import datetime
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
