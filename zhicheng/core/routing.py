"""Reads of public pages from a PostgreSQL streaming replica, when one is configured (DATABASE_REPLICA_URL).

Only views marked with `reads_from_replica` read from the replica, only the tables of the published records
(`REPLICA_APPS`: sessions, rate-limit counters and lookup logs stay on the primary), and only for GET and HEAD
requests of a client that has not just written: every unsafe request (POST, PUT, PATCH, DELETE) pins its client
to the primary for `REPLICA_PIN_SECONDS` with a cookie, so whatever a user just wrote is read back from the
primary, whatever the replica's lag. Writes, migrations and everything else always use the primary ("default").
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "zc_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# The apps whose rows the public pages show: results, postings, certificates and the catalog and units they name.
REPLICA_APPS = {
    "accounts",
    "catalog",
    "applications",
    "evaluations",
    "ballots",
    "acceptance",
    "postings",
    "certificates",
}

_on_replica: ContextVar[bool] = ContextVar("reads_on_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads go to the replica (when configured)."""
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        on_replica = _on_replica.get() and model._meta.app_label in REPLICA_APPS  # type: ignore[attr-defined]
        return REPLICA if on_replica and replica_configured() else None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return (
            "default"  # also for objects read from the replica (Django would otherwise write back where they came from)
        )

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        return db != REPLICA


def reads_from_replica(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view's reads come from the replica for safe requests of clients that are not pinned to the primary."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES or not replica_configured():
            return view(request, *args, **kwargs)
        with replica_reads():
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response

    return wrapper


class PinToPrimaryMiddleware:
    """After an unsafe request, the client reads from the primary for a while: a user sees what they just wrote."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and replica_configured():
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response
