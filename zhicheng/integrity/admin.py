"""The archive for city-bureau staff: add records, revoke wrong ones; nothing is edited or deleted."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from zhicheng.accounts.models import User
from zhicheng.accounts.permissions import is_bureau_staff
from zhicheng.core.crypto import lookup_hash
from zhicheng.integrity import services
from zhicheng.integrity.models import IntegrityRecord


class AddRecordForm(forms.ModelForm[IntegrityRecord]):
    id_number = forms.CharField(label="证件号码", max_length=40)

    class Meta:
        model = IntegrityRecord
        fields = ["name", "id_number", "kind", "reason", "recorded_on", "expires_on"]


class RevokeRecordForm(forms.ModelForm[IntegrityRecord]):
    """No model field is bound, so the record itself changes only through services.revoke_record()."""

    revoke = forms.BooleanField(label="撤销此记录", required=False)
    revoke_reason = forms.CharField(label="撤销理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = IntegrityRecord
        fields: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("revoke") and not data.get("revoke_reason", "").strip():
            self.add_error("revoke_reason", "撤销记录须写明理由")
        return data


@admin.register(IntegrityRecord)
class IntegrityRecordAdmin(admin.ModelAdmin[IntegrityRecord]):
    list_display = ["name", "masked_id_number", "kind", "recorded_on", "expires_on", "is_revoked", "is_running"]
    list_filter = ["kind", "is_revoked", "recorded_on"]
    search_fields = ["name"]
    search_help_text = "输入姓名或完整证件号码"
    date_hierarchy = "recorded_on"
    readonly_fields = [
        "name",
        "masked_id_number",
        "kind",
        "reason",
        "recorded_on",
        "expires_on",
        "recorded_by",
        "is_revoked",
    ]

    @admin.display(description="当前在记录期内", boolean=True)
    def is_running(self, obj: IntegrityRecord) -> bool:
        return obj.is_active_on(timezone.localdate())

    @admin.display(description="证件号码")
    def masked_id_number(self, obj: IntegrityRecord) -> str:
        return obj.masked_id_number

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[IntegrityRecord], search_term: str
    ) -> tuple[QuerySet[IntegrityRecord], bool]:
        """Search by name, or by the full ID number through its lookup hash."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.filter(id_number_hash=lookup_hash(search_term))
        return found, may_have_duplicates

    def get_form(
        self, request: HttpRequest, obj: IntegrityRecord | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[IntegrityRecord]]:
        kwargs["form"] = AddRecordForm if obj is None else RevokeRecordForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: IntegrityRecord | None = None) -> tuple[str, ...]:
        if obj is None:
            return tuple(AddRecordForm.Meta.fields)
        if obj.is_revoked:
            return tuple(self.readonly_fields)
        return (*self.readonly_fields, "revoke", "revoke_reason")

    def get_readonly_fields(self, request: HttpRequest, obj: IntegrityRecord | None = None) -> list[str]:
        return [] if obj is None else list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: IntegrityRecord, form: Any, change: bool) -> None:
        user = request.user
        if not isinstance(user, User):
            raise PermissionDenied
        if not change:
            services.file_record(obj, by=user)
        elif form.cleaned_data.get("revoke"):
            services.revoke_record(obj, by=user, reason=form.cleaned_data["revoke_reason"])

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_bureau_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: IntegrityRecord | None = None) -> bool:
        return is_bureau_staff(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_bureau_staff(request)

    def has_change_permission(self, request: HttpRequest, obj: IntegrityRecord | None = None) -> bool:
        return is_bureau_staff(request) and (obj is None or not obj.is_revoked)

    def has_delete_permission(self, request: HttpRequest, obj: IntegrityRecord | None = None) -> bool:
        return False
