"""The district bureau's recommendation of 高端领军人才“直通车” applications (2021 公告 二.5)."""

from django.conf import settings
from django.db import models


class DistrictDecision(models.Model):
    """What the district's recommendation committee (推委会) decided for one application."""

    application = models.ForeignKey(
        "applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="district_decisions"
    )
    meeting_on = models.DateField("推委会会议日期")
    is_recommended = models.BooleanField("推荐")
    opinion = models.TextField("推荐意见")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "区推荐委员会决定"
        verbose_name_plural = "区推荐委员会决定"
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.application} {'推荐' if self.is_recommended else '不予推荐'}"
