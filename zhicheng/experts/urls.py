from django.urls import path

from zhicheng.experts import views

app_name = "experts"
urlpatterns = [
    path("", views.pool, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/file/", views.file_expert, name="file"),
    path("<int:pk>/retire/", views.retire_expert, name="retire"),
    path("bulk/", views.bulk, name="bulk"),
    path("import/", views.import_experts, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("confidentiality/", views.confidentiality, name="confidentiality"),
    path("filings/", views.filings, name="filings"),
    path("filings/new/", views.filing_new, name="filing_new"),
    path("filings/<int:pk>/", views.filing_decide, name="filing_decide"),
]
