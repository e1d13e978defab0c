"""The title post quotas of state-owned units (事业单位职称职数, R-80) are data the city bureau edits."""

from django.contrib import admin

from zhicheng.acceptance.models import PostQuota
from zhicheng.catalog.admin import BureauAdmin


@admin.register(PostQuota)
class PostQuotaAdmin(BureauAdmin[PostQuota]):
    list_display = ["plan", "unit", "level", "quota"]
    list_filter = ["plan", "level"]
    list_select_related = ["plan", "unit"]
    search_fields = ["unit__name"]
    autocomplete_fields = ["unit"]
