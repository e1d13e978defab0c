"""Expanding the permission matrix: every page route and API operation, every persona, the world's objects.

A cell is one persona calling one route (or operation) on the world's object of that kind. The answer is
"served" (2xx, or 3xx elsewhere than the login page), "refused" (401, 403, 404, 405, or a redirect to the
login page) or a server error.
"""

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from zhicheng.api import api
from zhicheng.core.tests.world import ANONYMOUS, World
from zhicheng.evaluations.models import SessionApplication
from zhicheng.experts.models import Expert
from zhicheng.materials.models import Attachment

SAFE = {"get", "head"}
MISSING = 999_999_999  # an id of a kind the world has no object of: every persona must be refused alike


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str


def page_routes() -> list[Route]:
    """Every named page route of the URL configuration, the API's own URLs excepted (see api_operations)."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else f"{namespace}:<{pattern.pattern}>"
                yield Route(name, prefix + str(pattern.pattern))

    return [r for r in walk(get_resolver().url_patterns, "/", "") if not r.name.startswith("api:")]


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str


def api_operations() -> list[Operation]:
    document = api.get_openapi_schema()
    return [
        Operation(operation["operationId"], method, path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def object_ids(world: World) -> dict[str, Any]:
    """The world's object for each URL parameter, by "namespace:parameter", then by parameter alone."""
    application = world.application
    entry = SessionApplication.objects.get(session=world.session, application=application)
    attachment = Attachment.objects.filter(application=application).order_by("id").first()
    expert = Expert.objects.get(user=world.users["expert"])
    seat = world.session.seats.get(expert=expert)
    draw = world.session.draws.order_by("id").first()
    work_row = application.work_history.order_by("id").first()
    return {
        "pk": application.pk,
        "application_pk": application.pk,
        "application_id": application.pk,
        "attachment_pk": attachment.pk if attachment else MISSING,
        "attachment_id": attachment.pk if attachment else MISSING,
        "session_pk": world.session.pk,
        "entry_pk": entry.pk,
        "entry_id": entry.pk,
        "row_pk": work_row.pk if work_row else MISSING,
        "section": "basic",
        "kind": "work",
        "number": 1,
        "materials:pk": attachment.pk if attachment else MISSING,
        "materials:kind": "id_document",
        "experts:pk": expert.pk,
        "evaluations:pk": world.session.pk,
        "evaluations:draw_record:pk": draw.pk if draw else MISSING,
        "evaluations:withdraw_seat:pk": seat.pk,
        "ballots:pk": world.session.pk,
        "acceptance:pk": world.session.pk,
        "certificates:kind": "certificate",
        "workdays:day": "2024-10-08",
    }


def fill(pattern: str, namespace: str, name: str, ids: dict[str, Any]) -> str:
    """The pattern (Django's <int:pk> or the API's {pk}) with each parameter replaced by the world's object."""

    def value(match: re.Match[str]) -> str:
        key = match.group("name") or match.group("api_name")
        for candidate in (f"{name}:{key}", f"{namespace}:{key}", key):
            if candidate in ids:
                return str(ids[candidate])
        return "x" if match.group("converter") in {"str", "slug"} else str(MISSING)

    return re.sub(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\{(?P<api_name>\w+)\}", value, pattern)


def client_for(world: World, persona: str) -> Client:
    client = Client()
    if persona != ANONYMOUS:
        client.force_login(world.users[persona])
    return client


def call(client: Client, method: str, url: str, **kwargs: Any) -> Any:
    """One request whose cookie changes (a logout, a new session) do not carry over to the next cell."""
    cookies = copy.deepcopy(client.cookies)
    try:
        return getattr(client, method)(url, **kwargs)
    finally:
        client.cookies = cookies


def outcome(response: Any) -> str:
    status = response.status_code
    if status >= 500:
        return "error"
    if status in {401, 403, 404, 405}:
        return "refused"
    if 300 <= status < 400 and response["Location"].startswith((resolve_url(settings.LOGIN_URL), "/admin/login/")):
        return "refused"
    return "served" if status < 400 else f"other {status}"
