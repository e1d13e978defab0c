"""The series' evaluation standards (评价标准, R-66) are data the city bureau edits."""

from django.contrib import admin

from zhicheng.catalog.admin import BureauAdmin
from zhicheng.panels.models import ScoringItem


@admin.register(ScoringItem)
class ScoringItemAdmin(BureauAdmin[ScoringItem]):
    list_display = ["series", "sort_order", "name", "kind", "max_points", "guidance"]
    list_display_links = ["name"]
    list_filter = ["series", "kind"]
    list_select_related = ["series"]
    search_fields = ["name", "series__name"]
    ordering = ["series__sort_order", "series__code", "sort_order", "id"]
