"""Probes: /healthz says the process answers (liveness); /readyz says it can do its work (readiness)."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from zhicheng.core.ops.metrics import oldest_task_age


def healthz(request: HttpRequest) -> HttpResponse:
    """Alive: no database call, so a database outage does not make the orchestrator restart every app process."""
    return HttpResponse("ok", content_type="text/plain")


def readiness_problems() -> list[str]:
    """Why this process should not get traffic: the database does not answer, or the task queue is stuck."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return [f"database: {type(exc).__name__}"]
    age = oldest_task_age(timezone.now())
    if age > settings.READY_MAX_TASK_AGE_SECONDS:
        return [
            f"queue: the oldest waiting task has waited {int(age)} s (limit {settings.READY_MAX_TASK_AGE_SECONDS} s)"
        ]
    return []


def readyz(request: HttpRequest) -> JsonResponse:
    problems = readiness_problems()
    return JsonResponse({"ready": not problems, "problems": problems}, status=503 if problems else 200)
