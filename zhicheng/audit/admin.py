"""The audit trail, read-only for city-bureau staff: nothing can be added, changed or deleted here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhicheng.accounts.permissions import is_bureau_staff
from zhicheng.audit.models import AuditEvent, Checkpoint


class ReadOnlyForBureau(admin.ModelAdmin[Any]):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_bureau_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_bureau_staff(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyForBureau):
    list_display = ["id", "at", "actor_label", "object_type", "object_id", "action", "from_state", "to_state"]
    list_filter = ["object_type", "action"]
    search_fields = ["object_id", "actor_label", "reason"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    show_full_result_count = False


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyForBureau):
    list_display = ["tree_size", "sealed_at", "root_hash"]
    exclude = ["frontier"]
