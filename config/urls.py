from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from zhicheng.api import api
from zhicheng.core import views as core_views
from zhicheng.core.ops import health, metrics

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("accounts/", include("zhicheng.accounts.urls")),
    path("applications/", include("zhicheng.applications.urls")),
    path("materials/", include("zhicheng.materials.urls")),
    path("documents/", include("zhicheng.documents.urls")),
    path("unit-review/", include("zhicheng.unit_review.urls")),
    path("district-review/", include("zhicheng.district_review.urls")),
    path("agency-review/", include("zhicheng.agency_review.urls")),
    path("fees/", include("zhicheng.fees.urls")),
    path("experts/", include("zhicheng.experts.urls")),
    path("evaluations/", include("zhicheng.evaluations.urls")),
    path("panels/", include("zhicheng.panels.urls")),
    path("ballots/", include("zhicheng.ballots.urls")),
    path("acceptance/", include("zhicheng.acceptance.urls")),
    path("results/", include("zhicheng.postings.urls")),
    path("rechecks/", include("zhicheng.rechecks.urls")),
    path("certificates/", include("zhicheng.certificates.urls")),
    path("verify/", include("zhicheng.verification.urls")),
    path("audit/", include("zhicheng.audit.urls")),
    path("comparison/", include("zhicheng.comparison.urls")),
    path("integrity/", include("zhicheng.integrity.urls")),
    path("supervision/", include("zhicheng.supervision.urls")),
    # Staff reach the admin only through the login with a second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
