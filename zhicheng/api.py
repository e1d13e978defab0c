"""The versioned REST API: /api/v1/..., OpenAPI document at /api/openapi.json."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from zhicheng.acceptance.api import router as acceptance_router
from zhicheng.accounts.api import router as accounts_router
from zhicheng.agency_review.api import router as agency_review_router
from zhicheng.applications.api import router as applications_router
from zhicheng.ballots.api import router as ballots_router
from zhicheng.catalog.api import router as catalog_router
from zhicheng.certificates.api import router as certificates_router
from zhicheng.comparison.api import router as comparison_router
from zhicheng.core.api_errors import ApiError, error_body
from zhicheng.district_review.api import router as district_review_router
from zhicheng.documents.api import router as documents_router
from zhicheng.evaluations.api import router as evaluations_router
from zhicheng.experts.api import router as experts_router
from zhicheng.fees.api import router as fees_router
from zhicheng.integrity.api import router as integrity_router
from zhicheng.materials.api import router as materials_router
from zhicheng.panels.api import router as panels_router
from zhicheng.postings.api import router as postings_router
from zhicheng.rechecks.api import router as rechecks_router
from zhicheng.unit_review.api import router as unit_review_router
from zhicheng.verification.api import router as verification_router
from zhicheng.workdays.api import router as workdays_router

api = NinjaAPI(
    title="北京市职称评审服务平台 API",
    version="1",
    description="所有页面操作的REST接口。错误统一为 {errors: [{code, message, rule, field}]}。",
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/v1/accounts", accounts_router)
api.add_router("/v1/catalog", catalog_router)
api.add_router("/v1/applications", applications_router)
api.add_router("/v1/materials", materials_router)
api.add_router("/v1/documents", documents_router)
api.add_router("/v1/workdays", workdays_router)
api.add_router("/v1/unit-review", unit_review_router)
api.add_router("/v1/district-review", district_review_router)
api.add_router("/v1/agency-review", agency_review_router)
api.add_router("/v1/fees", fees_router)
api.add_router("/v1/experts", experts_router)
api.add_router("/v1/evaluations", evaluations_router)
api.add_router("/v1/panels", panels_router)
api.add_router("/v1/ballots", ballots_router)
api.add_router("/v1/acceptance", acceptance_router)
api.add_router("/v1/results", postings_router)
api.add_router("/v1/rechecks", rechecks_router)
api.add_router("/v1/certificates", certificates_router)
api.add_router("/v1/verify", verification_router)
api.add_router("/v1/integrity", integrity_router)
api.add_router("/v1/comparison", comparison_router)


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return api.create_response(request, error_body(exc.errors), status=exc.status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "code": "invalid",
            "message": "输入格式不正确：" + str(e.get("msg", "")),
            "rule": None,
            "field": ".".join(str(p) for p in e.get("loc", []) if p not in {"body", "query", "path", "payload"})
            or None,
        }
        for e in exc.errors
    ]
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = error_body([{"code": "unauthenticated", "message": "请先登录", "rule": None, "field": None}])
    return api.create_response(request, body, status=401)
