"""The catalog for city-bureau staff: series, committees, the year's plan with its windows and fees, Excel import."""

from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from zhicheng.accounts.models import User
from zhicheng.accounts.permissions import is_bureau_staff
from zhicheng.catalog.importing import export_template, import_catalog
from zhicheng.catalog.models import Committee, District, Fee, Plan, QualificationMapping, Series, Specialty, Window

M = TypeVar("M", bound=models.Model)
IMPORT_MAX_BYTES = 5 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BureauPermissions:
    """Full rights for the bureau, none for anyone else, on the admin and its inlines alike."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_bureau_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_bureau_staff(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_bureau_staff(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_bureau_staff(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_bureau_staff(request)


class BureauAdmin(BureauPermissions, admin.ModelAdmin[M], Generic[M]):
    pass


@admin.register(District)
class DistrictAdmin(BureauAdmin[District]):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class SpecialtyInline(BureauPermissions, admin.TabularInline[Specialty, Series]):
    model = Specialty
    extra = 0


@admin.register(Series)
class SeriesAdmin(BureauAdmin[Series]):
    list_display = [
        "name",
        "code",
        "is_engineering",
        "allows_high_skilled",
        "allows_freelancer",
        "freelancer_needs_association",
        "exam_required_for_deputy_senior",
        "sort_order",
    ]
    list_editable = ["sort_order"]
    list_filter = ["is_engineering", "allows_high_skilled", "allows_freelancer", "exam_required_for_deputy_senior"]
    search_fields = ["name", "code"]
    inlines = [SpecialtyInline]


@admin.register(Specialty)
class SpecialtyAdmin(BureauAdmin[Specialty]):
    list_display = ["name", "code", "series"]
    list_filter = ["series"]
    search_fields = ["name", "code", "series__name"]
    list_select_related = ["series"]


@admin.register(Committee)
class CommitteeAdmin(BureauAdmin[Committee]):
    list_display = ["name", "agency", "series", "specialty", "tier", "district", "filing_number", "expires_on"]
    list_filter = ["tier", "series", "district", "evaluates_lower_levels", "agency"]
    search_fields = ["name", "filing_number", "agency__name"]
    list_select_related = ["agency", "series", "specialty", "district"]
    autocomplete_fields = ["specialty"]
    date_hierarchy = "expires_on"


class WindowInline(BureauPermissions, admin.TabularInline[Window, Plan]):
    model = Window
    extra = 0


class FeeInline(BureauPermissions, admin.TabularInline[Fee, Plan]):
    model = Fee
    extra = 0
    autocomplete_fields = ["committee"]


class ImportForm(forms.Form):
    file = forms.FileField(label="名录Excel文件（.xlsx）")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的Excel文件")
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError("文件不能超过5MB")
        return upload


@admin.register(Plan)
class PlanAdmin(BureauAdmin[Plan]):
    list_display = ["year", "title", "notice_number", "correction_workdays"]
    search_fields = ["title", "notice_number"]
    filter_horizontal = ["committees"]
    inlines = [WindowInline, FeeInline]
    change_list_template = "admin/catalog/plan/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name="catalog_plan_import"),
            path(
                "import/template.xlsx",
                self.admin_site.admin_view(self.template_view),
                name="catalog_plan_import_template",
            ),
        ]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a catalog workbook; show the row-by-row report (nothing is written if any row is wrong)."""
        if not is_bureau_staff(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            by = request.user if isinstance(request.user, User) else None
            report = import_catalog(form.cleaned_data["file"], by=by)
            if report.ok:
                messages.success(request, "名录导入成功")
            else:
                messages.error(request, f"发现{len(report.errors)}处问题，未导入任何数据，请修改后重新上传")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "从Excel导入名录",
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/catalog/import.html", context)

    def template_view(self, request: HttpRequest) -> HttpResponse:
        if not is_bureau_staff(request):
            raise PermissionDenied
        response = HttpResponse(export_template(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="catalog-template.xlsx"'
        return response


@admin.register(Window)
class WindowAdmin(BureauAdmin[Window]):
    list_display = ["plan", "series", "step", "opens_on", "closes_on"]
    list_filter = ["plan", "step", "series"]
    list_select_related = ["plan", "series"]


@admin.register(Fee)
class FeeAdmin(BureauAdmin[Fee]):
    list_display = ["plan", "committee", "level", "amount"]
    list_filter = ["plan", "level"]
    search_fields = ["committee__name"]
    list_select_related = ["plan", "committee"]
    autocomplete_fields = ["committee"]


@admin.register(QualificationMapping)
class QualificationMappingAdmin(BureauAdmin[QualificationMapping]):
    list_display = ["name", "series", "level"]
    list_filter = ["series", "level"]
    search_fields = ["name"]
    list_select_related = ["series"]
