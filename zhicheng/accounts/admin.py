from django.contrib import admin

from zhicheng.accounts.models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["name", "kind", "ownership", "district", "needs_entrustment"]
    list_filter = ["kind", "ownership", "district"]
    search_fields = ["name", "credit_code"]
