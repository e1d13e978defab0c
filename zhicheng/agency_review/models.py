"""The agency's one-time correction notice (一次性告知, R-41): every item to correct, in one notice."""

from django.conf import settings
from django.db import models

from zhicheng.agency_review.targets import target_label


class CorrectionNotice(models.Model):
    application = models.ForeignKey(
        "applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="correction_notices"
    )
    version_number = models.PositiveIntegerField("针对的版本号")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="告知人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("告知时间", auto_now_add=True)
    due_on = models.DateField("补正截止日期")

    class Meta:
        verbose_name = "一次性补正告知"
        verbose_name_plural = "一次性补正告知"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.application} 第{self.version_number}版补正告知"


class CorrectionItem(models.Model):
    """One thing to correct: the part of the application concerned, what is wrong, what is needed."""

    notice = models.ForeignKey(CorrectionNotice, verbose_name="告知", on_delete=models.CASCADE, related_name="items")
    target = models.CharField("补正项目", max_length=80)
    problem = models.TextField("存在问题")
    requirement = models.TextField("补正要求")

    class Meta:
        verbose_name = "补正事项"
        verbose_name_plural = "补正事项"
        ordering = ["notice", "id"]

    def __str__(self) -> str:
        return f"{self.target}：{self.problem}"

    @property
    def target_label(self) -> str:
        return target_label(self.target)
