"""The expert pool and committee filings in the admin, for city-bureau staff only.

Status changes (备案, 退出, 核准备案) go through the pages so that each one is audited; here they are read-only.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhicheng.catalog.admin import BureauAdmin
from zhicheng.experts.models import CommitteeFiling, Expert


@admin.register(Expert)
class ExpertAdmin(BureauAdmin[Expert]):
    list_display = ["name", "masked_phone", "series", "specialty", "level", "unit_name", "pool_owner", "status"]
    list_filter = ["status", "series", "level", "is_grassroots", "is_central_unit", "is_non_public", "is_young"]
    search_fields = ["name", "unit_name", "title_name"]
    list_select_related = ["series", "specialty", "pool_owner"]
    # The phone is shown masked only; it comes in through the Excel import.
    exclude = ["phone"]
    readonly_fields = [
        "masked_phone",
        "user",
        "status",
        "filed_on",
        "retired_on",
        "retire_reason",
        "confidentiality_signed_at",
        "confidentiality_version",
    ]
    autocomplete_fields = ["specialty"]

    @admin.display(description="手机号码")
    def masked_phone(self, obj: Expert) -> str:
        return obj.masked_phone

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CommitteeFiling)
class CommitteeFilingAdmin(BureauAdmin[CommitteeFiling]):
    list_display = ["committee", "size", "vice_chairs", "valid_from", "valid_until", "status", "filing_number"]
    list_filter = ["status"]
    search_fields = ["committee__name", "filing_number"]
    list_select_related = ["committee"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
