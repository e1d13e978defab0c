"""Structured API errors: every error body is {"errors": [{code, message, rule, field}]}."""

from typing import Any

from ninja import Schema


class ErrorItem(Schema):
    code: str
    message: str
    rule: str | None = None
    field: str | None = None


class ErrorOut(Schema):
    errors: list[ErrorItem]


class ApiError(Exception):
    def __init__(self, errors: list[dict[str, Any]], status: int = 400) -> None:
        super().__init__(errors[0]["message"] if errors else "")
        self.errors = errors
        self.status = status


def api_error(
    message: str, *, code: str = "invalid", status: int = 400, rule: str | None = None, field: str | None = None
) -> ApiError:
    return ApiError([{"code": code, "message": message, "rule": rule, "field": field}], status=status)


def not_found() -> ApiError:
    return api_error("未找到该对象，或您无权访问", code="not_found", status=404)


def error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "errors": [
            {"code": e["code"], "message": e["message"], "rule": e.get("rule"), "field": e.get("field")} for e in errors
        ]
    }
