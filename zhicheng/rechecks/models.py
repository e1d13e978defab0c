"""An applicant's request to re-check their own result, and the agency's answer (R-84)."""

import uuid

from django.conf import settings
from django.db import models


class RecheckStatus(models.TextChoices):
    OPEN = "open", "待答复"
    ANSWERED = "answered", "已答复"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "维持原评审结果"
    RECONSIDER = "reconsider", "建议重新评议"


def _stored_name(instance: "Recheck", filename: str) -> str:
    return f"rechecks/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class Recheck(models.Model):
    """One request; it never changes the application's status (the bureau corrects results, R-80, R-82)."""

    application = models.ForeignKey(
        "applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="rechecks"
    )
    reason = models.TextField("复查理由")
    evidence = models.FileField("证据材料", upload_to=_stored_name, max_length=200, blank=True)
    evidence_name = models.CharField("证据文件名", max_length=60, blank=True)
    evidence_type = models.CharField("证据文件类型", max_length=40, blank=True)
    evidence_sha256 = models.CharField("证据SHA-256", max_length=64, blank=True)
    status = models.CharField("状态", max_length=20, choices=RecheckStatus.choices, default=RecheckStatus.OPEN)
    filed_at = models.DateTimeField("提出时间", auto_now_add=True)
    due_on = models.DateField("答复期限")
    answer = models.TextField("答复意见", blank=True)
    outcome = models.CharField("复查结论", max_length=20, choices=Outcome.choices, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "评审结果复查申请"
        verbose_name_plural = "评审结果复查申请"
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="open"),
                name="one_open_recheck_per_application",
                violation_error_message="该申报已有待答复的复查申请",
            )
        ]
        indexes = [models.Index(fields=["status", "due_on", "id"], name="recheck_queue_idx")]

    def __str__(self) -> str:
        return f"{self.application} 复查申请 {self.filed_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == RecheckStatus.OPEN
