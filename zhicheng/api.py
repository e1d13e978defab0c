"""The versioned REST API: /api/v1/..., OpenAPI document at /api/openapi.json."""

import json
import logging
from typing import Any, cast

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import django_auth

from zhicheng.acceptance.api import router as acceptance_router
from zhicheng.accounts.api import router as accounts_router
from zhicheng.agency_review.api import router as agency_review_router
from zhicheng.applications.api import router as applications_router
from zhicheng.ballots.api import router as ballots_router
from zhicheng.catalog.api import router as catalog_router
from zhicheng.certificates.api import router as certificates_router
from zhicheng.comparison.api import router as comparison_router
from zhicheng.core.api_errors import (
    CODE_BY_STATUS,
    MESSAGES,
    ApiError,
    api_error,
    error_body,
    invalid_fields,
    not_found,
    refusal,
    unauthenticated,
    with_error_responses,
)
from zhicheng.core.errors import DomainError
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

logger = logging.getLogger(__name__)


class UnsupportedMediaType(Exception):
    """A body that is not JSON where the operation reads JSON (a text/plain form post from another site)."""


class JsonParser(Parser):
    """Reads a JSON body only when it is declared as JSON: text/plain and form bodies are refused with 415."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        content_type = request.content_type or ""
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise UnsupportedMediaType(content_type)
        return cast(dict[str, Any], json.loads(request.body))


class ZhichengAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return with_error_responses(document)


api = ZhichengAPI(
    title="北京市职称评审服务平台 API",
    version="1",
    description=(
        "所有页面操作的REST接口。每个错误（拒绝、输入不正确、未找到、方法不允许、内容过大、类型不支持、请求过于频繁、"
        "未登录、无权限）都答复同一结构 ErrorOut：{errors: [{code, message, rule, field}]}，状态码只由 code 决定。"
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=django_auth,
    urls_namespace="api",
    parser=JsonParser(),
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


def _answer(request: HttpRequest, error: ApiError) -> HttpResponse:
    return api.create_response(request, error_body(error.errors), status=error.status)


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _answer(request, exc)


@api.exception_handler(DomainError)
def on_refusal(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _answer(request, refusal(exc))


@api.exception_handler(DjangoValidationError)
def on_invalid_fields(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _answer(request, invalid_fields(fields))


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
    return _answer(request, ApiError(errors))


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _answer(request, unauthenticated())


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Errors ninja raises itself: a body it cannot parse (400, or 415 when not JSON), a failed CSRF check (403)."""
    if isinstance(exc.__cause__, UnsupportedMediaType):
        code = "unsupported_media_type"
    elif exc.status_code == 403:
        code = "csrf_failed"
    else:
        code = CODE_BY_STATUS.get(exc.status_code, "malformed")
    return _answer(request, api_error(MESSAGES[code], code=code))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _answer(request, not_found())


@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _answer(request, api_error(MESSAGES["too_large"], code="too_large"))


@api.exception_handler(MultiPartParserError)
def on_unreadable_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return _answer(request, api_error(MESSAGES["malformed"], code="malformed"))
