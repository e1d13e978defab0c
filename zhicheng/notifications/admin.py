"""Read-only view of the SMS outbox for operators; phone numbers are masked."""

from django.contrib import admin
from django.http import HttpRequest

from zhicheng.notifications.models import SmsMessage


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin[SmsMessage]):
    list_display = ["id", "template_id", "masked_phone", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template_id"]
    fields = (
        "template_id",
        "masked_phone",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "provider_message_id",
        "object_type",
        "object_id",
        "created_at",
        "sent_at",
    )
    readonly_fields = fields

    @admin.display(description="手机号码")
    def masked_phone(self, obj: SmsMessage) -> str:
        return obj.masked_phone

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SmsMessage | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SmsMessage | None = None) -> bool:
        return False
