from django.db import models
from django.utils import timezone

from zhicheng.core.fields import EncryptedTextField
from zhicheng.core.masking import mask_phone


class SmsStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class SmsMessage(models.Model):
    """One SMS in the outbox: written in the transaction of the change it reports, sent by a background task."""

    phone = EncryptedTextField("手机号码")
    phone_hash = models.CharField(max_length=64, db_index=True, editable=False)
    template_id = models.CharField("短信模板", max_length=40)
    params = models.JSONField("模板参数", default=dict)
    status = models.CharField("状态", max_length=10, choices=SmsStatus.choices, default=SmsStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次发送时间", default=timezone.now)
    last_attempt_at = models.DateTimeField("最近发送时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    provider_message_id = models.CharField("短信平台流水号", max_length=100, blank=True)
    object_type = models.CharField("相关对象类型", max_length=50, blank=True)
    object_id = models.CharField("相关对象编号", max_length=64, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送成功时间", null=True, blank=True)

    class Meta:
        verbose_name = "短信"
        verbose_name_plural = "短信发送记录"
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="sms_due_idx", condition=models.Q(status__in=["pending", "sending"])
            ),
            models.Index(fields=["object_type", "object_id"], name="sms_about_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.template_id} → {self.masked_phone}（{self.get_status_display()}）"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)
