"""The bureau's acceptance (验收) of a session's reported results (R-80)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from zhicheng.accounts.models import Ownership
from zhicheng.catalog.models import Level


class AcceptanceStatus(models.TextChoices):
    PENDING = "pending", "待验收"
    ACCEPTED = "accepted", "已验收"


class Acceptance(models.Model):
    """The bureau's acceptance of one reported session, with the snapshot of its last check run."""

    session = models.OneToOneField(
        "evaluations.EvaluationSession", verbose_name="评审会", on_delete=models.PROTECT, related_name="acceptance"
    )
    status = models.CharField(
        "验收状态", max_length=20, choices=AcceptanceStatus.choices, default=AcceptanceStatus.PENDING
    )
    checks = models.JSONField("最近一次检查结果", default=list)
    checked_at = models.DateTimeField("最近检查时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="验收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("验收时间", null=True, blank=True)
    note = models.TextField("验收意见", blank=True)

    class Meta:
        verbose_name = "评审结果验收"
        verbose_name_plural = "评审结果验收"

    def __str__(self) -> str:
        return f"{self.session} {self.get_status_display()}"

    @property
    def is_accepted(self) -> bool:
        return self.status == AcceptanceStatus.ACCEPTED


class Correction(models.Model):
    """The bureau's correction of an irregular result at acceptance: the passed applicant becomes failed (R-80)."""

    entry = models.OneToOneField(
        "evaluations.SessionApplication", verbose_name="申报", on_delete=models.PROTECT, related_name="correction"
    )
    reason = models.TextField("纠正理由")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="纠正人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("纠正时间", auto_now_add=True)

    class Meta:
        verbose_name = "评审结果纠正"
        verbose_name_plural = "评审结果纠正"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.entry} 纠正：{self.reason}"


class PostQuota(models.Model):
    """The year's title post quota (事业单位职称职数) of a state-owned unit at one level."""

    plan = models.ForeignKey("catalog.Plan", verbose_name="年度", on_delete=models.PROTECT, related_name="post_quotas")
    unit = models.ForeignKey(
        "accounts.Organization",
        verbose_name="单位",
        on_delete=models.PROTECT,
        related_name="post_quotas",
        limit_choices_to={"ownership": Ownership.STATE},
    )
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    quota = models.PositiveIntegerField("职数", help_text="本年度该级别可聘任的人数上限")

    class Meta:
        verbose_name = "事业单位职称职数"
        verbose_name_plural = "事业单位职称职数"
        ordering = ["plan", "unit", "level"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit", "level"], name="one_quota_per_unit_level")]

    def __str__(self) -> str:
        return f"{self.plan} {self.unit} {self.get_level_display()} {self.quota}个"

    def clean(self) -> None:
        if self.unit_id and self.unit.ownership != Ownership.STATE:
            raise ValidationError({"unit": "职称职数只适用于国有企事业单位"})
