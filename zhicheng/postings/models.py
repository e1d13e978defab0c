"""Public posting of accepted results (公示), complaints during the posting, and confirmation (R-81…R-83)."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhicheng.core.fields import EncryptedTextField
from zhicheng.core.masking import mask_phone


def _evidence_name(instance: "Complaint", filename: str) -> str:
    return f"complaints/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


def _letter_name(instance: "PostedResult", filename: str) -> str:
    return f"result-letters/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.pdf"


class ResultPosting(models.Model):
    """One publisher's posting of a session's accepted results for the plan's working days (R-81)."""

    session = models.ForeignKey(
        "evaluations.EvaluationSession", verbose_name="评审会", on_delete=models.PROTECT, related_name="postings"
    )
    publisher = models.ForeignKey(
        "accounts.Organization", verbose_name="公示单位", on_delete=models.PROTECT, related_name="result_postings"
    )
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示截止日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = "评审结果公示"
        verbose_name_plural = "评审结果公示"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["starts_on", "publisher"])]

    def __str__(self) -> str:
        return f"{self.session} 评审结果公示（{self.publisher}）"

    def is_running_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class PostedResult(models.Model):
    """An application on a posting; withdrawn after a founded complaint, confirmed when the posting ends (R-83)."""

    posting = models.ForeignKey(ResultPosting, verbose_name="公示", on_delete=models.PROTECT, related_name="results")
    application = models.OneToOneField(
        "applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="posted_result"
    )
    withdrawn_at = models.DateTimeField("撤销公示时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("确认备案时间", null=True, blank=True)
    # 评审结果反馈函 to the entrusting unit, kept as sent.
    letter = models.FileField("评审结果反馈函", upload_to=_letter_name, max_length=200, blank=True)

    class Meta:
        verbose_name = "公示的评审结果"
        verbose_name_plural = "公示的评审结果"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.posting} · {self.application_id}"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "核查中"
    FOUNDED = "founded", "属实，已纠正评审结果"
    UNFOUNDED = "unfounded", "经核查不属实"


class Complaint(models.Model):
    """A complaint or report (投诉举报) about a posted result, taken during the posting (R-82)."""

    posted = models.ForeignKey(
        PostedResult, verbose_name="被投诉的公示结果", on_delete=models.PROTECT, related_name="complaints"
    )
    contact_name = models.CharField("联系人", max_length=60)
    contact_phone = EncryptedTextField("联系电话")
    contact_phone_hash = models.CharField(max_length=64, db_index=True, editable=False)
    text = models.TextField("投诉举报内容")
    evidence = models.FileField("证明材料", upload_to=_evidence_name, max_length=200, blank=True)
    evidence_type = models.CharField("证明材料类型", max_length=40, blank=True)
    status = models.CharField("状态", max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN)
    outcome = models.TextField("核查结论", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField("办结时间", null=True, blank=True)
    filed_at = models.DateTimeField("提交时间", auto_now_add=True)
    # Keyed hash of the sender's address, only for the daily limit.
    requester_digest = models.CharField(max_length=64, db_index=True, editable=False)

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["status", "posted"])]

    def __str__(self) -> str:
        return f"投诉 {self.reference}"

    @property
    def reference(self) -> str:
        return f"TS{timezone.localtime(self.filed_at):%Y%m%d}{self.pk:05d}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone)
