"""A request id for every request: taken from the proxy's X-Request-ID when well-formed, otherwise made here.

It is echoed in the response's X-Request-ID and added to every log record written while the request runs,
so that one line in nginx's log leads to every line the app wrote for it.
"""

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,64}")

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def request_id_for(request: HttpRequest) -> str:
    """The proxy's id when it looks like one (nginx's $request_id is 32 hex digits), else a new one."""
    offered = request.headers.get(HEADER, "")
    return offered if WELL_FORMED.fullmatch(offered) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        # Kept until the response is finished: Django logs 4xx/5xx after the middleware has returned.
        current_request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished)
def forget_request_id(sender: object, **kwargs: object) -> None:
    current_request_id.set("-")


class RequestIdFilter(logging.Filter):
    """Adds record.request_id ("-" outside a request) for the log formatters."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
