"""The fee notice an approval creates (R-50, R-51) and the online payments made against it."""

from django.conf import settings
from django.db import models


class FeeNotice(models.Model):
    """What the applicant owes and by when; the amount is copied from the year's fee standard at approval."""

    application = models.OneToOneField(
        "applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="fee_notice"
    )
    amount = models.DecimalField("金额（元）", max_digits=8, decimal_places=2)
    due_on = models.DateField("缴费截止日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="开具人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("开具时间", auto_now_add=True)

    class Meta:
        verbose_name = "缴费通知"
        verbose_name_plural = "缴费通知"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return f"{self.application} {self.amount}元"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "待支付"
    PAID = "paid", "已支付"
    FAILED = "failed", "未支付（已取消）"


class Payment(models.Model):
    """One order sent to the payment gateway; the gateway's signed notification settles it."""

    fee_notice = models.ForeignKey(
        FeeNotice, verbose_name="缴费通知", on_delete=models.PROTECT, related_name="payments"
    )
    out_trade_no = models.CharField("订单号", max_length=40, unique=True)
    amount = models.DecimalField("金额（元）", max_digits=8, decimal_places=2)
    status = models.CharField("状态", max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    gateway_txn_id = models.CharField("支付流水号", max_length=64, unique=True, null=True, blank=True)
    paid_at = models.DateTimeField("支付时间", null=True, blank=True)
    raw_notification = models.JSONField("支付通知原文", default=dict, blank=True)
    created_at = models.DateTimeField("下单时间", auto_now_add=True)

    class Meta:
        verbose_name = "支付记录"
        verbose_name_plural = "支付记录"
        ordering = ["-created_at"]
        constraints = [
            # However many notifications arrive, a fee notice is settled by one payment.
            models.UniqueConstraint(
                fields=["fee_notice"], condition=models.Q(status="paid"), name="one_paid_payment_per_fee_notice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.out_trade_no} {self.amount}元 {self.get_status_display()}"
