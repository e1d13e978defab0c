"""The audit trail, read-only for city-bureau staff: nothing can be added, changed or deleted here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhicheng.accounts.models import Role
from zhicheng.audit.models import AuditEvent


def _is_bureau(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "role", None) == Role.BUREAU))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["id", "at", "actor_label", "object_type", "object_id", "action", "from_state", "to_state"]
    list_filter = ["object_type", "action"]
    search_fields = ["object_id", "actor_label", "reason"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_bureau(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_bureau(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
