"""Supervision (R-101, R-102, R-85): sanctions on agencies, inspections, units that failed their review duty,
and the management of experts (training, yearly appraisal, periodic review)."""

import datetime

from django.conf import settings
from django.db import models


class SanctionKind(models.TextChoices):
    SUSPEND = "suspend", "暂停评审工作"
    REMEDY = "remedy", "责令整改"
    WITHDRAW = "withdraw", "收回评审权"


class AgencySanction(models.Model):
    """A measure against a review agency (001 四(三), 第四十条); suspension and withdrawal stop its committees."""

    agency = models.ForeignKey(
        "accounts.Organization", verbose_name="评审机构", on_delete=models.PROTECT, related_name="sanctions"
    )
    kind = models.CharField("措施", max_length=20, choices=SanctionKind.choices)
    reason = models.TextField("事由")
    decision_number = models.CharField("决定文号", max_length=80)
    starts_on = models.DateField("起始日期")
    remedy_due_on = models.DateField("整改期限", null=True, blank=True)
    lifted_on = models.DateField("解除日期", null=True, blank=True)
    lift_note = models.TextField("解除说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "评审机构处理措施"
        verbose_name_plural = "评审机构处理措施"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.agency}：{self.get_kind_display()}"

    def stops_work_on(self, day: datetime.date) -> bool:
        """Suspension or withdrawal in force on the day (a remedy order alone does not stop the work)."""
        if self.kind == SanctionKind.REMEDY:
            return False
        return self.starts_on <= day and (self.lifted_on is None or day < self.lifted_on)


class InspectionKind(models.TextChoices):
    INQUIRY = "inquiry", "质询"
    INTERVIEW = "interview", "约谈"
    RETROSPECTIVE = "retrospective", "倒查"


class Inspection(models.Model):
    """An inspection of an agency or a unit, with what it found."""

    organization = models.ForeignKey(
        "accounts.Organization", verbose_name="被检查单位", on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField("方式", max_length=20, choices=InspectionKind.choices)
    subject = models.CharField("事项", max_length=200)
    findings = models.TextField("检查结果")
    held_on = models.DateField("日期")
    series = models.ForeignKey(
        "catalog.Series", verbose_name="涉及系列", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "监督检查"
        verbose_name_plural = "监督检查"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.organization}：{self.get_kind_display()}"


class DutyFailure(models.Model):
    """A unit that failed its review duty (e.g. recommended false materials) and is held responsible (R-102)."""

    unit = models.ForeignKey(
        "accounts.Organization", verbose_name="单位", on_delete=models.PROTECT, related_name="duty_failures"
    )
    application = models.ForeignKey(
        "applications.Application", verbose_name="涉及申报", null=True, blank=True, on_delete=models.PROTECT
    )
    facts = models.TextField("未履行审核责任的事实")
    measure = models.CharField("处理措施", max_length=200)
    decision_number = models.CharField("决定文号", max_length=80)
    recorded_on = models.DateField("记录日期")
    series = models.ForeignKey(
        "catalog.Series", verbose_name="涉及系列", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "单位审核责任追究"
        verbose_name_plural = "单位审核责任追究"
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit}：{self.measure}"


class AssessmentKind(models.TextChoices):
    TRAINING = "training", "培训"
    APPRAISAL = "appraisal", "年度考核"
    REVIEW = "review", "定期复核"


class AssessmentResult(models.TextChoices):
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"


class ExpertAssessment(models.Model):
    """Training, the yearly appraisal or the periodic review of an expert (第十条, 第四十四条)."""

    expert = models.ForeignKey(
        "experts.Expert", verbose_name="专家", on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField("类别", max_length=20, choices=AssessmentKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    result = models.CharField("结果", max_length=20, choices=AssessmentResult.choices)
    valid_until = models.DateField("复核有效期至", null=True, blank=True, help_text="定期复核填写")
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "专家培训考核"
        verbose_name_plural = "专家培训考核"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["expert", "kind", "year"])]

    def __str__(self) -> str:
        return f"{self.expert} {self.year}年{self.get_kind_display()}：{self.get_result_display()}"


class AppraisalRound(models.Model):
    """The bureau closes a year's appraisal; from then on experts not appraised that year are not drawn."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    closed_on = models.DateField("考核完成日期")

    class Meta:
        verbose_name = "专家年度考核"
        verbose_name_plural = "专家年度考核"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度专家考核"
