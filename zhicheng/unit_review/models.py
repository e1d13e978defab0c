"""The unit's (or association's) side of an application: internal posting, objections, recommendation (R-30…R-34)."""

from django.conf import settings
from django.db import models


class Posting(models.Model):
    """One internal posting (公示) of a submitted version for at least 5 working days (R-30, R-05)."""

    application = models.ForeignKey(
        "applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="postings"
    )
    version_number = models.PositiveIntegerField("公示版本号")
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示结束日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)

    class Meta:
        verbose_name = "单位公示"
        verbose_name_plural = "单位公示"
        ordering = ["application", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="posting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} 公示 {self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "待处理"
    RESOLVED = "resolved", "已处理"


class Objection(models.Model):
    """An objection raised during a posting, and how the unit dealt with it (R-31)."""

    posting = models.ForeignKey(Posting, verbose_name="公示", on_delete=models.PROTECT, related_name="objections")
    received_on = models.DateField("收到日期")
    summary = models.TextField("异议内容摘要")
    raised_by = models.CharField("反映人", max_length=60, blank=True, help_text="可不填（匿名反映）")
    status = models.CharField("处理状态", max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    resolution = models.TextField("处理结果", blank=True)
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["posting", "received_on", "id"]
        indexes = [models.Index(fields=["posting", "status"])]

    def __str__(self) -> str:
        return f"{self.posting.application} 异议（{self.get_status_display()}）"


class Recommendation(models.Model):
    """The unit's recommendation opinion (R-32); one per recommendation, so a re-recommendation adds a row."""

    application = models.ForeignKey(
        "applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="recommendations"
    )
    version_number = models.PositiveIntegerField("推荐版本号")
    opinion = models.TextField("推荐意见")
    again = models.BooleanField("补正后再次推荐", default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="推荐人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("推荐时间", auto_now_add=True)

    class Meta:
        verbose_name = "单位推荐意见"
        verbose_name_plural = "单位推荐意见"
        ordering = ["application", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application} 第{self.version_number}版推荐意见"
