from django.contrib import admin
from django.http import HttpRequest

from zhicheng.core.models import ScheduledJob


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin[ScheduledJob]):
    """The scheduler's jobs and their last results; written only by run_scheduler."""

    list_display = ("name", "last_started_at", "last_finished_at", "last_ok", "last_message", "claimed_by", "run_count")
    readonly_fields = list_display

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ScheduledJob | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ScheduledJob | None = None) -> bool:
        return False
