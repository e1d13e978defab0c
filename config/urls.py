from django.contrib import admin
from django.urls import include, path

from zhicheng.api import api
from zhicheng.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("zhicheng.accounts.urls")),
    path("applications/", include("zhicheng.applications.urls")),
    path("materials/", include("zhicheng.materials.urls")),
    path("documents/", include("zhicheng.documents.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
