from django.urls import path

from zhicheng.integrity import views

app_name = "integrity"
urlpatterns = [
    path("", views.archive, name="archive"),
    path("export/credit-platform.json", views.credit_export, name="credit_export"),
    path("records/new/", views.new_record, name="new_record"),
    path("records/<int:pk>/", views.record, name="record"),
    path("records/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("mine/", views.mine, name="mine"),
    path("applications/<int:application_pk>/propose/", views.propose, name="propose"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/evidence/", views.case_evidence, name="case_evidence"),
]
