"""The API's one error shape and the one mapping from refusals to HTTP statuses.

Every error of /api/ (refused use cases, invalid input, unknown URLs, wrong methods, bodies that cannot be
parsed, too large or of the wrong type, rate limits, missing login or role) answers
{"errors": [{code, message, rule, field}]}, and the status follows from the first error's code alone.
"""

import json
import logging
from collections.abc import Callable
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from ninja import Schema

from zhicheng.core.errors import DomainError

logger = logging.getLogger(__name__)

# A refusal whose code is not listed here is a conflict with the state of the record or the year's rules.
REFUSED = 409
STATUS_BY_CODE: dict[str, int] = {
    "malformed": 400,
    "unauthenticated": 401,
    "invalid_credentials": 401,
    "totp_invalid": 401,
    "no_pending_login": 401,
    "forbidden": 403,
    "csrf_failed": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "too_large": 413,
    "unsupported_media_type": 415,
    "invalid": 422,
    "no_file": 422,
    "empty": 422,
    "bad_kind": 422,
    "bad_image": 422,
    "bad_pdf": 422,
    "encrypted_pdf": 422,
    "unsupported_type": 422,
    "image_too_large": 422,
    "png_too_large": 422,
    "image_metadata": 422,
    "animated_image": 422,
    "polyglot": 422,
    "bad_achievement": 422,
    "locked": 429,
    "too_frequent": 429,
    "daily_limit": 429,
    "rate_limited": 429,
    "server_error": 500,
}
CODE_BY_STATUS: dict[int, str] = {
    400: "malformed",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
}
MESSAGES: dict[str, str] = {
    "malformed": "请求内容无法解析，请检查格式",
    "unauthenticated": "请先登录",
    "forbidden": "您无权执行此操作",
    "csrf_failed": "请求来源校验失败，请刷新页面后重试",
    "not_found": "未找到该对象，或您无权访问",
    "method_not_allowed": "该地址不支持此请求方法",
    "too_large": "请求内容过大",
    "unsupported_media_type": "请求内容类型不受支持，请使用 application/json",
    "invalid": "输入格式不正确",
    "rate_limited": "请求过于频繁，请稍后再试",
    "server_error": "服务器内部错误，请稍后再试",
}


class ErrorItem(Schema):
    code: str
    message: str
    rule: str | None = None
    field: str | None = None


class ErrorOut(Schema):
    errors: list[ErrorItem]


# Every operation may answer these; the document declares them all with the one error shape.
ERROR_STATUSES: dict[int, str] = {
    400: "请求内容无法解析",
    401: "未登录",
    403: "无权限或来源校验失败",
    404: "未找到或无权访问",
    409: "业务规则或当前状态不允许",
    413: "请求内容过大",
    415: "请求内容类型不受支持",
    422: "输入不正确",
    429: "请求过于频繁",
}
ERROR_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}


def with_error_responses(document: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with ErrorOut as a component and every error status declared on every operation."""
    components = document.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorItem", ErrorItem.model_json_schema())
    components["ErrorOut"] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components["ErrorOut"].pop("$defs", None)
    for operations in document["paths"].values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses[status] = {"description": description, "content": ERROR_REF}
    return document


def status_for(code: str) -> int:
    return STATUS_BY_CODE.get(code, REFUSED)


class ApiError(Exception):
    """An error answered as is; its status follows from the first error's code."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors[0]["message"] if errors else "")
        self.errors = errors
        self.status = status_for(errors[0]["code"]) if errors else REFUSED


def api_error(message: str, *, code: str = "invalid", rule: str | None = None, field: str | None = None) -> ApiError:
    return ApiError([{"code": code, "message": message, "rule": rule, "field": field}])


def not_found() -> ApiError:
    return api_error(MESSAGES["not_found"], code="not_found")


def unauthenticated() -> ApiError:
    return api_error(MESSAGES["unauthenticated"], code="unauthenticated")


def refusal(exc: DomainError) -> ApiError:
    """A refused use case: its code (default "refused"), and every problem when it carries several."""
    code = getattr(exc, "code", "refused")
    problems = getattr(exc, "problems", None)
    if not problems:
        return api_error(exc.message, code=code, rule=exc.rule, field=exc.field)
    return ApiError(
        [
            {"code": code, "message": p, "rule": exc.rule, "field": None}
            if isinstance(p, str)
            else {
                "code": code,
                "message": p.message,
                "rule": getattr(p, "rule", exc.rule),
                "field": getattr(p, "field", None),
            }
            for p in problems
        ]
    )


def invalid_fields(errors: dict[str, list[str]]) -> ApiError:
    """Field errors of a form or a Django ValidationError, "__all__" as no field."""
    return ApiError(
        [
            {"code": "invalid", "message": str(message), "rule": None, "field": None if field == "__all__" else field}
            for field, messages in errors.items()
            for message in messages
        ]
    )


def invalid_form(form: BaseForm) -> ApiError:
    return invalid_fields({field: [str(m) for m in messages] for field, messages in form.errors.items()})


def error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "errors": [
            {"code": e["code"], "message": e["message"], "rule": e.get("rule"), "field": e.get("field")} for e in errors
        ]
    }


def error_response(code: str, message: str = "", *, status: int | None = None) -> HttpResponse:
    body = error_body([{"code": code, "message": message or MESSAGES.get(code, MESSAGES["invalid"])}])
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status or status_for(code), content_type=JSON)


JSON = "application/json; charset=utf-8"


class ApiErrorShapeMiddleware:
    """Answers in the error shape what never reached an operation under /api/: unknown URLs, wrong methods,
    CSRF refusals, bodies Django refused (too large, unreadable multipart)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        code = CODE_BY_STATUS.get(response.status_code, "server_error")
        shaped = error_response(code, status=response.status_code)
        if response.has_header("Allow"):
            shaped["Allow"] = response["Allow"]
        return shaped
